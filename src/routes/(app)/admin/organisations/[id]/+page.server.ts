import { disableUser } from '#lib/server/accounts/disable-user.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import { getOrganisation } from '#lib/server/organisations/queries.js';
import { reviewEmployer } from '#lib/server/organisations/review-employer.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) =>
	getOrganisation(requireActor(locals, url), params.id);

export const actions: Actions = {
	approve: async ({ locals, url, params, request }) => {
		const data = await request.formData();
		return attempt(data, async () => {
			await reviewEmployer(requireActor(locals, url), params.id, { approve: true });
			return { done: '已审核通过，该单位现在可以办理业务。' };
		});
	},
	reject: async ({ locals, url, params, request }) => {
		const data = await request.formData();
		return attempt(data, async () => {
			await reviewEmployer(requireActor(locals, url), params.id, {
				approve: false,
				reason: str(data, 'reason')
			});
			return { done: '已记录不通过及原因。' };
		});
	},
	disable: async ({ locals, url, request }) => {
		const data = await request.formData();
		return attempt(data, async () => {
			await disableUser(requireActor(locals, url), str(data, 'userId'));
			return { done: '账号已停用，其所有登录已失效。' };
		});
	}
};

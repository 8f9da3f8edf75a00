import { disableUser } from '#lib/server/accounts/disable-user.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import { listUsers } from '#lib/server/organisations/queries.js';
import type { Actions, PageServerLoad } from './$types';
import { positiveInt } from '#lib/server/http/query.js';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams.get('q')?.trim() ?? '';
	const page = positiveInt(url.searchParams.get('page'), 1);
	return { ...(await listUsers(requireActor(locals, url), { q, page })), q };
};

export const actions: Actions = {
	disable: async ({ locals, url, request }) => {
		const data = await request.formData();
		return attempt(data, async () => {
			await disableUser(requireActor(locals, url), str(data, 'userId'));
			return { done: '账号已停用，其所有登录已失效。' };
		});
	}
};

import { submitApplication } from '#lib/server/applications/submit-application.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import { noticesOf } from '#lib/server/notices/status.js';
import { withdrawNotice } from '#lib/server/notices/withdraw-notice.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return { notices: actor.kind === 'applicant' ? await noticesOf(actor.userId) : [] };
};

export const actions: Actions = {
	// After the notice: the reissue goes to the employer (the server checks the period again).
	submit: async ({ locals, url, request }) => {
		const data = await request.formData();
		const result = await attempt(data, () =>
			submitApplication(
				requireActor(locals, url),
				str(data, 'applicationId'),
				Number(str(data, 'version'))
			)
		);
		if (!('application' in result)) return result;
		return { saved: `补办申请已提交（编号 ${result.application.number}），等待所在单位审核。` };
	},
	withdraw: async ({ locals, url, request }) => {
		const data = await request.formData();
		const result = await attempt(data, () =>
			withdrawNotice(requireActor(locals, url), str(data, 'id'))
		);
		if (!('id' in result)) return result;
		return { saved: '声明作废已撤回，对应的补办申请同时撤回。' };
	}
};

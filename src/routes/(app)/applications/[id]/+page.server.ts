import { redirect } from '@sveltejs/kit';
import { route } from '#lib/routes.js';
import { transitionApplication } from '#lib/server/applications/transition-application.js';
import { viewApplication } from '#lib/server/applications/get-application.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

/** The applicant's timeline; staff looking at the same application get the review screen. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	if (actor.kind === 'staff') redirect(303, route.reviewApplication({ id: params.id }));
	return viewApplication(actor, params.id);
};

export const actions: Actions = {
	withdraw: async ({ locals, request, url, params }) => {
		const actor = requireActor(locals, url);
		const data = await request.formData();
		return attempt(data, async () => {
			await transitionApplication(actor, params.id, {
				event: { type: 'withdraw' },
				expectedVersion: Number(str(data, 'version') || NaN)
			});
			return { done: '申请已撤回。' };
		});
	}
};

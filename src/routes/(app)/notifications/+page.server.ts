import { redirect } from '@sveltejs/kit';
import { isUuid } from '#lib/domain/ids.js';
import { route } from '#lib/routes.js';
import { requireActor, str } from '#lib/server/http/form.js';
import * as inbox from '#lib/server/notifications/inbox.js';
import type { Actions, PageServerLoad } from './$types';
import { positiveInt } from '#lib/server/http/query.js';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const before = positiveInt(url.searchParams.get('before'), 0) || undefined;
	return { ...(await inbox.listNotifications(actor, { before })), staff: actor.kind === 'staff' };
};

export const actions: Actions = {
	/** Opening a notification marks it read and goes to its certificate, or its application. */
	open: async ({ locals, request, url }) => {
		const actor = requireActor(locals, url);
		const data = await request.formData();
		await inbox.markRead(actor, [Number(str(data, 'id'))]);
		// the certificate page checks that the actor may see it
		const certificate = str(data, 'certificateId');
		if (isUuid(certificate)) redirect(303, route.certificate({ id: certificate }));
		const app = str(data, 'applicationId');
		if (isUuid(app))
			redirect(
				303,
				actor.kind === 'staff'
					? route.reviewApplication({ id: app })
					: route.application({ id: app })
			);
		return { read: 1 };
	},
	readAll: async ({ locals, url }) => {
		return { read: await inbox.markRead(requireActor(locals, url), 'all') };
	}
};

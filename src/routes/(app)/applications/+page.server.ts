import { redirect } from '@sveltejs/kit';
import { route } from '#lib/routes.js';
import { myApplications } from '#lib/server/applications/list-my-applications.js';
import { requireActor } from '#lib/server/http/form.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	if (actor.kind === 'staff') redirect(303, route.review());
	return { rows: await myApplications(actor) };
};

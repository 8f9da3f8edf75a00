import { archiveFormsForEmployer } from '#lib/server/certificates/archive-form.js';
import { requireActor } from '#lib/server/http/form.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	return { rows: await archiveFormsForEmployer(requireActor(locals, url)) };
};

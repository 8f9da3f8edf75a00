import { certificatesOfHolder } from '#lib/server/certificates/issue-certificate.js';
import { requireActor } from '#lib/server/http/form.js';
import type { PageServerLoad } from './$types';

/** The signed-in person's own certificates (holders only; staff hold none here). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const rows = actor.kind === 'applicant' ? await certificatesOfHolder(actor.userId) : [];
	return { rows: rows.reverse() };
};

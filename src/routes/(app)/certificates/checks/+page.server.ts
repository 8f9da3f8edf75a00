import { requireActor } from '#lib/server/http/form.js';
import { checksOfHolder } from '#lib/server/verification/list-holder-checks.js';
import type { PageServerLoad } from './$types';

/** The holder's own certificates only: the query is scoped to the signed-in user. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return { checks: actor.kind === 'applicant' ? await checksOfHolder(actor.userId) : [] };
};

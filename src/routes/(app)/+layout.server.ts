import { requireActor } from '#lib/server/http/form.js';
import type { LayoutServerLoad } from './$types';

/** Everything under (app) needs a signed-in user; each page then asks the policy. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	requireActor(locals, url);
};

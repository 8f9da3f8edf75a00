import { myCreditRecords } from '#lib/server/credit/queries.js';
import { requireActor } from '#lib/server/http/form.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
	records: await myCreditRecords(requireActor(locals, url))
});

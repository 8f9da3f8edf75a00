import { ORG_TYPES } from '#lib/domain/catalogue.js';
import { requireActor } from '#lib/server/http/form.js';
import { listOrganisations } from '#lib/server/organisations/queries.js';
import type { PageServerLoad } from './$types';
import { positiveInt } from '#lib/server/http/query.js';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams.get('q')?.trim() || undefined;
	const type = url.searchParams.get('type') || undefined;
	const status = url.searchParams.get('status') || undefined;
	const page = positiveInt(url.searchParams.get('page'), 1);
	const result = await listOrganisations(requireActor(locals, url), {
		q,
		type: ORG_TYPES.some((t) => t.code === type) ? type : undefined,
		status: ['pending', 'active', 'rejected'].includes(status ?? '') ? status : undefined,
		page
	});
	return { ...result, filter: { q: q ?? '', type: type ?? '', status: status ?? '' } };
};

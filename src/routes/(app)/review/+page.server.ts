import { redirect } from '@sveltejs/kit';
import { route } from '#lib/routes.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import { owedMailings } from '#lib/server/applications/paper-mailing.js';
import * as queue from '#lib/server/applications/list-queue.js';
import { bulkApprove, parseBulkItems } from '#lib/server/applications/decide-application.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	if (actor.kind === 'applicant') redirect(303, route.applications());
	const filter = queue.parseQueueFilter(url.searchParams);
	const offices = ['countyOffice', 'cityOffice'];
	const [page, counts, owed, orgName] = await Promise.all([
		queue.listQueue(actor, filter),
		queue.queueCounts(actor),
		offices.includes(actor.orgType) ? owedMailings(actor) : [],
		queue.organisationName(actor.orgId)
	]);
	return {
		...page,
		counts,
		owedOverdue: owed.filter((o) => o.sla.level === 'overdue'),
		owedTotal: owed.length,
		filter,
		params: queue.queueParams(filter),
		orgName,
		orgType: actor.orgType
	};
};

export const actions: Actions = {
	bulkApprove: async ({ locals, request, url }) => {
		const actor = requireActor(locals, url);
		const data = await request.formData();
		return attempt(data, async () => ({
			bulk: await bulkApprove(actor, parseBulkItems(data.getAll('item')), str(data, 'opinion'))
		}));
	}
};

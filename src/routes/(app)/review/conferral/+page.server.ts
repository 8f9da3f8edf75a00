import { chinaToday } from '#lib/server/calendar/working-day-calendar.js';
import { conferBatch } from '#lib/server/applications/confer-batch.js';
import { runPublicityJob } from '#lib/server/applications/publicity-job.js';
import { listQueue } from '#lib/server/applications/list-queue.js';
import { authorize } from '#lib/server/auth/actor.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

/** The city office confers evaluations after their publicity, in batches under one 发文文号. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	await authorize(actor, 'application.confer', { type: 'platform' });
	const page = await listQueue(actor, { state: 'awaitingConferral' }, { limit: 100 });
	return { rows: page.rows, more: page.next !== null, today: chinaToday() };
};

export const actions: Actions = {
	confer: async ({ locals, request, url }) => {
		const actor = requireActor(locals, url);
		const data = await request.formData();
		return attempt(data, async () => {
			await authorize(actor, 'application.confer', { type: 'platform' });
			const ids = data.getAll('applicationId').filter((v): v is string => typeof v === 'string');
			const result = await conferBatch(actor, {
				documentNumber: str(data, 'documentNumber'),
				conferredOn: str(data, 'conferredOn'),
				applicationIds: ids.slice(0, 500)
			});
			return { conferred: result.conferred.length, skipped: result.skipped.length };
		});
	},
	publicity: async ({ locals, request, url }) => {
		const actor = requireActor(locals, url);
		const data = await request.formData();
		return attempt(data, async () => {
			await authorize(actor, 'application.confer', { type: 'platform' });
			return { completed: await runPublicityJob() };
		});
	}
};

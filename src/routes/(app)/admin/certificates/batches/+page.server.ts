import {
	awaitingConferralCount,
	listBatches,
	startCertificateBatch
} from '#lib/server/certificates/batch.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const batches = await listBatches(actor);
	return { batches, waiting: await awaitingConferralCount() };
};

export const actions: Actions = {
	start: async ({ request, locals, url }) => {
		const data = await request.formData();
		return attempt(data, async () => {
			const id = await startCertificateBatch(requireActor(locals, url), {
				documentNumber: str(data, 'documentNumber'),
				conferredOn: str(data, 'conferredOn')
			});
			return { done: '批量发证已开始，可在下方查看进度。', started: id };
		});
	}
};

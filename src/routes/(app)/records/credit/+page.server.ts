import { can } from '#lib/domain/policy.js';
import {
	officeCreditRecords,
	recordViolation,
	VIOLATION_KINDS
} from '#lib/server/credit/queries.js';
import { acceptUpload } from '#lib/server/files/accept-upload.js';
import { attempt, authorizeForm, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const q = url.searchParams.get('q') ?? '';
	return {
		q,
		kinds: VIOLATION_KINDS,
		mayRecord: can(actor, 'credit.record', { type: 'platform' }),
		records: await officeCreditRecords(actor, q)
	};
};

export const actions: Actions = {
	// Authorized before the body is read: the evidence image is decoded and re-encoded.
	default: async ({ locals, url, request }) => {
		const { actor, refused } = await authorizeForm(locals, url, 'credit.record', {
			type: 'platform'
		});
		if (refused) return refused;
		const data = await request.formData();
		const result = await attempt(data, async () => {
			const file = data.get('evidence');
			const upload = await acceptUpload(file instanceof File ? file : null, 'evidence');
			return recordViolation(
				actor,
				{
					name: str(data, 'name'),
					idNumber: str(data, 'idNumber'),
					kind: str(data, 'kind'),
					description: str(data, 'description'),
					occurredOn: str(data, 'occurredOn'),
					decisionDocument: str(data, 'decisionDocument')
				},
				upload
			);
		});
		if (!('id' in result)) return result;
		return { saved: '信用记录已登记。' };
	}
};

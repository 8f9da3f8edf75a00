import {
	ANNOTATION_KINDS,
	annotateRecord,
	creditRecordDetail
} from '#lib/server/credit/queries.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => ({
	record: await creditRecordDetail(requireActor(locals, url), params.id),
	annotationKinds: ANNOTATION_KINDS
});

export const actions: Actions = {
	default: async ({ locals, url, request, params }) => {
		const data = await request.formData();
		const result = await attempt(data, () =>
			annotateRecord(requireActor(locals, url), params.id, {
				kind: str(data, 'kind'),
				text: str(data, 'text')
			})
		);
		if (!('id' in result)) return result;
		return { saved: '批注已添加。' };
	}
};

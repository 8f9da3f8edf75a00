import { SERIES } from '#lib/domain/catalogue.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import {
	listPaperCertificates,
	PAPER_COLUMNS,
	registerPaperCertificate,
	type PaperInput
} from '#lib/server/legacy/import-paper-certificates.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams.get('q') ?? '';
	return { q, series: SERIES, rows: await listPaperCertificates(requireActor(locals, url), q) };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const data = await request.formData();
		const input = Object.fromEntries(
			Object.keys(PAPER_COLUMNS).map((k) => [k, str(data, k)])
		) as PaperInput;
		const result = await attempt(data, () =>
			registerPaperCertificate(requireActor(locals, url), input)
		);
		if (!('id' in result)) return result;
		return { saved: `已登记证书 ${result.certificateNo}。` };
	}
};

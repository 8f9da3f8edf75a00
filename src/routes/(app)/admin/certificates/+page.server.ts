import { revokeCertificate } from '#lib/server/certificates/issue-certificate.js';
import { searchCertificates } from '#lib/server/certificates/queries.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams.get('q') ?? '';
	return { q, rows: await searchCertificates(requireActor(locals, url), q) };
};

export const actions: Actions = {
	revoke: async ({ request, locals, url }) => {
		const data = await request.formData();
		return attempt(data, async () => {
			const c = await revokeCertificate(
				requireActor(locals, url),
				str(data, 'certificateId'),
				str(data, 'reason')
			);
			return { done: `证书 ${c.certificateNo} 已撤销。` };
		});
	}
};

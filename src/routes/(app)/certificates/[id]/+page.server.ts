import { certificateFor } from '#lib/server/certificates/issued-pdf.js';
import { requireActor } from '#lib/server/http/form.js';
import type { PageServerLoad } from './$types';

/** One certificate's details and the print instructions (holder, issuing or city office). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const c = await certificateFor(requireActor(locals, url), params.id);
	return {
		certificate: {
			id: c.id,
			certificateNo: c.certificateNo,
			managementNo: c.managementNo,
			holderName: c.holderName,
			idNumberMasked: c.idNumberMasked,
			qualification: c.qualification,
			level: c.level,
			obtainedBy: c.obtainedBy,
			conferredOn: c.conferredOn,
			documentNumber: c.documentNumber,
			issuerName: c.issuerName,
			issuedOn: c.issuedOn,
			status: c.status,
			revokeReason: c.revokeReason
		}
	};
};

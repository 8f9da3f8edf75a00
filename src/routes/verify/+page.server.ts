import { fail } from '@sveltejs/kit';
import { errorCatalogue } from '#lib/domain/errors.js';
import { str } from '#lib/server/http/form.js';
import { lookupCertificate } from '#lib/server/verification/lookup-certificate.js';
import { publicResult } from '#lib/server/verification/verify-certificate.js';
import { t } from '#lib/messages.js';
import type { Actions } from './$types';

/** A plain form: works without JavaScript, like the QR page. */
export const csr = false;

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress, setHeaders }) => {
		const data = await request.formData();
		const input = { certificateNo: str(data, 'certificateNo'), name: str(data, 'name') };
		const values = {
			certificateNo: input.certificateNo.slice(0, 40),
			name: input.name.slice(0, 40)
		};
		setHeaders({ 'Cache-Control': 'no-store' });
		let outcome;
		try {
			outcome = await lookupCertificate(input, {
				clientAddress: getClientAddress(),
				verifierOrgId: locals.actor?.kind === 'staff' ? locals.actor.orgId : null
			});
		} catch (e) {
			if ((e as { code?: string }).code !== 'RATE_LIMITED') throw e;
			return fail(429, { message: errorCatalogue.RATE_LIMITED.message, fields: {}, values });
		}
		if (outcome.ok) return { result: publicResult(outcome.result), values };
		if ('fields' in outcome)
			return fail(400, {
				message: errorCatalogue.VALIDATION.message,
				fields: outcome.fields,
				values
			});
		return fail(404, { message: t.verify.notFound, fields: {}, values });
	}
};

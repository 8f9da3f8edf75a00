import * as verification from '#lib/server/verification/verify-certificate.js';
import type { RequestHandler } from './$types';

/**
 * Open API: verifies a certificate's QR token (README "Verification API"). Always 200 with the
 * verdict in the body — a forged token is an answer, not an error. `?via=scan` marks the in-app
 * scanner's online check in the verification log.
 */
export const GET: RequestHandler = async ({ params, url, locals, getClientAddress }) => {
	const actor = locals.actor;
	const result = await verification.verifyCertificate(params.token, {
		channel: url.searchParams.get('via') === 'scan' ? 'scan' : 'api',
		verifierOrgId: actor?.kind === 'staff' ? actor.orgId : null,
		clientAddress: getClientAddress()
	});
	return Response.json(verification.publicResult(result), {
		headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
	});
};

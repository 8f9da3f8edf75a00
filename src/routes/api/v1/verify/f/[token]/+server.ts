import { verifyArchiveForm } from '#lib/server/verification/verify-archive-form.js';
import type { RequestHandler } from './$types';

/** Open API: verifies an archive form's QR token (评审表 / 认定表 / 重新确认审批表). */
export const GET: RequestHandler = async ({ params, url, locals, getClientAddress }) => {
	const actor = locals.actor;
	const result = await verifyArchiveForm(params.token, {
		channel: url.searchParams.get('via') === 'scan' ? 'scan' : 'api',
		verifierOrgId: actor?.kind === 'staff' ? actor.orgId : null,
		clientAddress: getClientAddress()
	});
	return Response.json(result, {
		headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
	});
};

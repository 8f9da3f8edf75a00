import { verifyArchiveForm } from '#lib/server/verification/verify-archive-form.js';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ params, locals, getClientAddress, setHeaders }) => {
	const actor = locals.actor;
	const result = await verifyArchiveForm(params.token, {
		channel: 'page',
		verifierOrgId: actor?.kind === 'staff' ? actor.orgId : null,
		clientAddress: getClientAddress()
	});
	setHeaders({ 'Cache-Control': 'no-store' });
	return { result };
};

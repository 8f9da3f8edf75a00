import * as verification from '#lib/server/verification/verify-certificate.js';
import { photosShown } from '#lib/server/verification/photo.js';
import { route } from '#lib/routes.js';
import type { PageServerLoad } from './$types';

/** Server-rendered and script-free: any phone camera app opens it, JavaScript or not. */
export const csr = false;

export const load: PageServerLoad = async ({ params, locals, getClientAddress, setHeaders }) => {
	const actor = locals.actor;
	const result = await verification.verifyCertificate(params.token, {
		channel: 'page',
		verifierOrgId: actor?.kind === 'staff' ? actor.orgId : null,
		clientAddress: getClientAddress()
	});
	setHeaders({ 'Cache-Control': 'no-store' });
	const photo = photosShown() && result.photoAttachmentId && result.verdict !== 'invalid';
	return {
		result: verification.publicResult(result),
		photoUrl: photo ? route.verifyTokenPhoto({ token: params.token }) : null
	};
};

import { error } from '@sveltejs/kit';
import { photoBytes, photosShown } from '#lib/server/verification/photo.js';
import { verifyCertificate } from '#lib/server/verification/verify-certificate.js';
import type { RequestHandler } from './$types';

/** The holder's photo for a genuine token, when the deployment shows photos at all. */
export const GET: RequestHandler = async ({ params }) => {
	if (!photosShown()) error(404, '找不到该记录，请确认链接是否正确。');
	const result = await verifyCertificate(params.token, { channel: 'page', log: false });
	const photo =
		result.verdict !== 'invalid' && result.photoAttachmentId
			? await photoBytes(result.photoAttachmentId)
			: undefined;
	if (!photo) error(404, '找不到该记录，请确认链接是否正确。');
	return new Response(photo.data as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': photo.mime,
			'Cache-Control': 'private, no-store',
			'Content-Disposition': 'inline'
		}
	});
};

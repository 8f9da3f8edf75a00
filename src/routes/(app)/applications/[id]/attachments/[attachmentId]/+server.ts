import { readApplicationAttachment } from '#lib/server/applications/get-attachment.js';
import { requireActor } from '#lib/server/http/form.js';
import type { RequestHandler } from './$types';

const EXT: Record<string, string> = {
	'application/pdf': 'pdf',
	'image/png': 'png',
	'image/jpeg': 'jpg'
};

/**
 * An application's file for whoever may view the application. Served inline so the review
 * page can show it beside the form (same-origin frames only), never cached, never sniffed.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const file = await readApplicationAttachment(
		requireActor(locals, url),
		params.id,
		params.attachmentId
	);
	const pdf = file.mime === 'application/pdf';
	return new Response(Buffer.from(file.data), {
		headers: {
			'Content-Type': file.mime,
			'Content-Length': String(file.data.byteLength),
			'Content-Disposition': `inline; filename="attachment.${EXT[file.mime]}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'Cache-Control': 'private, no-store',
			'X-Frame-Options': 'SAMEORIGIN',
			// Images are sandboxed outright; Chromium's PDF viewer does not run in a sandbox.
			'Content-Security-Policy': `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'${pdf ? '' : '; sandbox'}`
		}
	});
};

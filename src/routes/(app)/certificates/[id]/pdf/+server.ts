import { downloadCertificate } from '#lib/server/certificates/issued-pdf.js';
import { requireActor } from '#lib/server/http/form.js';
import type { RequestHandler } from './$types';

/**
 * The signed PDF, rendered on demand. `?print=1` opens it in the browser's PDF viewer (the print
 * view); otherwise it downloads. Free, any number of times; never cached by shared caches.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { pdf, filename } = await downloadCertificate(
		requireActor(locals, url),
		params.id,
		url.origin
	);
	const disposition = url.searchParams.get('print') === '1' ? 'inline' : 'attachment';
	return new Response(Buffer.from(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `${disposition}; filename="${filename}"`,
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; plugin-types application/pdf"
		}
	});
};

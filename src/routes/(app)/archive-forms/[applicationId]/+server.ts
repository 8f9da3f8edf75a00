import { downloadArchiveForm } from '#lib/server/certificates/archive-form.js';
import { requireActor } from '#lib/server/http/form.js';
import type { RequestHandler } from './$types';

/** The sealed archive form (评审表/认定表/重新确认审批表) for the personnel file. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { pdf, filename } = await downloadArchiveForm(
		requireActor(locals, url),
		params.applicationId,
		url.origin
	);
	return new Response(Buffer.from(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${filename}"`,
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; plugin-types application/pdf"
		}
	});
};

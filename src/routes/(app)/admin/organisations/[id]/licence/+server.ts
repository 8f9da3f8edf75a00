import { requireActor } from '#lib/server/http/form.js';
import { readLicence } from '#lib/server/organisations/queries.js';
import type { RequestHandler } from './$types';

/** The licence is served only to those the policy allows, never cached, never sniffed. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const file = await readLicence(requireActor(locals, url), params.id);
	return new Response(Buffer.from(file.data), {
		headers: {
			'Content-Type': file.mime,
			'Content-Disposition': `inline; filename="licence.${file.mime === 'application/pdf' ? 'pdf' : file.mime === 'image/png' ? 'png' : 'jpg'}"`,
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy':
				"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; plugin-types application/pdf; frame-ancestors 'self'"
		}
	});
};

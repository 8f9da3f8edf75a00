import { creditEvidence } from '#lib/server/credit/queries.js';
import { requireActor } from '#lib/server/http/form.js';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const file = await creditEvidence(requireActor(locals, url), params.id);
	return new Response(new Uint8Array(file.data), {
		headers: {
			'content-type': file.mime,
			'content-disposition': 'inline',
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};

import { batchProgressFor } from '#lib/server/certificates/batch.js';
import { requireActor } from '#lib/server/http/form.js';
import type { RequestHandler } from './$types';

/** Polled by the progress bar of the city office's batch page. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const progress = await batchProgressFor(requireActor(locals, url), params.id);
	return Response.json(progress, { headers: { 'Cache-Control': 'private, no-store' } });
};

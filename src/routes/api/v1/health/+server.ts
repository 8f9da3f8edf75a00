import { db } from '#lib/server/db/index.js';
import { getReadiness } from '#lib/server/health/get-readiness.js';
import type { RequestHandler } from './$types';

/** Readiness: 200 when the database answers with every migration applied, else 503. */
export const GET: RequestHandler = async () => {
	const readiness = await getReadiness(db());
	return Response.json(readiness, {
		status: readiness.ready ? 200 : 503,
		headers: { 'Cache-Control': 'no-store' }
	});
};

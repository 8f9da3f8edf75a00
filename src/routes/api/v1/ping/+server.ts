import type { RequestHandler } from './$types';

/** A bare route: the verification benchmark's baseline (and a liveness probe). */
export const GET: RequestHandler = () =>
	Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });

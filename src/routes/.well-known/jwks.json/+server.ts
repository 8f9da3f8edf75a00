import { publicJwks } from '#lib/server/certificates/token-keys.js';
import { db } from '#lib/server/db/index.js';
import type { RequestHandler } from './$types';

/**
 * Every QR-token public key ever used, with its validity (nbf/exp, and `retired` once rotated):
 * verifiers cache it to check certificates offline. Public and cacheable.
 */
export const GET: RequestHandler = async () => {
	const body = JSON.stringify(await publicJwks(db()));
	return new Response(body, {
		headers: {
			'Content-Type': 'application/jwk-set+json; charset=utf-8',
			'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
			'Access-Control-Allow-Origin': '*'
		}
	});
};

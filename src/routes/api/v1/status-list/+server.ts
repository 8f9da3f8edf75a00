import { getStatusList, STATUS_LIST_TTL_S } from '#lib/server/verification/get-status-list.js';
import type { RequestHandler } from './$types';

/**
 * The signed status list of all certificates (compact JWS, `application/statuslist+jwt`; format
 * in #lib/domain/status-list.ts and README "Verification API"). Cacheable; the scanner keeps
 * the last one for offline checks.
 */
export const GET: RequestHandler = async ({ url, request }) => {
	const list = await getStatusList(url.origin).catch(() => null);
	// a platform without a city office (nothing set up yet) has no signer
	if (!list)
		return Response.json(
			{ message: '证书状态列表暂不可用，请稍后再试。' },
			{ status: 503, headers: { 'Retry-After': '60', 'Cache-Control': 'no-store' } }
		);
	const headers = {
		'Content-Type': 'application/statuslist+jwt',
		'Cache-Control': `public, max-age=${Math.min(60, STATUS_LIST_TTL_S)}, stale-while-revalidate=86400`,
		ETag: list.etag,
		'Access-Control-Allow-Origin': '*'
	};
	if (request.headers.get('if-none-match') === list.etag)
		return new Response(null, { status: 304, headers });
	return new Response(list.jws, { headers });
};

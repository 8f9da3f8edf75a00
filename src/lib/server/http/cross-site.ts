/**
 * Cross-site form submissions (CSRF), refused in Chinese. SvelteKit's own check answers with an
 * English plain-text page ("Cross-site POST form submissions are forbidden") before any hook
 * runs, so it is switched off (`csrf.trustedOrigins: ['*']` in vite.config.ts) and this check
 * does the same, first thing in `handle`: a POST, PUT, PATCH or DELETE whose body is a form
 * type (or has no type) and whose Origin header is not this site's own is refused with 403.
 * Exactly as strict as Kit 3's `is_csrf_forbidden` with no trusted origins: a missing Origin
 * is refused too.
 */
const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	// SvelteKit's binary form encoding (remote forms)
	'application/x-sveltekit-formdata'
];
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CROSS_SITE_MESSAGE =
	'该表单不是从本平台的页面提交的，为保护您的账号已被拒绝。请打开本平台的页面重新填写并提交。';

export function isCrossSiteForm(request: Request, selfOrigin: string): boolean {
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	return (
		(type === '' || FORM_TYPES.includes(type)) &&
		MUTATING.has(request.method) &&
		request.headers.get('origin') !== selfOrigin
	);
}

/** The 403 to answer instead of handling the request, or null when it comes from this site. */
export function refuseCrossSiteForm(request: Request, url: URL): Response | null {
	if (!isCrossSiteForm(request, url.origin)) return null;
	const accept = request.headers.get('accept') ?? '';
	if (accept.includes('application/json') && !accept.includes('text/html'))
		return Response.json({ message: CROSS_SITE_MESSAGE, code: 'FORBIDDEN' }, { status: 403 });
	if (!accept.includes('text/html'))
		return new Response(CROSS_SITE_MESSAGE, {
			status: 403,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	return new Response(
		`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>请求已拒绝 · 职称服务平台</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6"><h1>请求已拒绝</h1><p>${CROSS_SITE_MESSAGE}</p><p><a href="/">返回首页</a></p></body></html>`,
		{
			status: 403,
			headers: {
				'content-type': 'text/html; charset=utf-8',
				'content-security-policy':
					"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
			}
		}
	);
}

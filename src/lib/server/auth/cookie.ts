import type { Cookies } from '@sveltejs/kit';

/**
 * Over https the cookie is `__Host-` prefixed and Secure (bound to this exact origin);
 * plain http (local development, demo) cannot use the prefix.
 */
export function cookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-session' : 'session';
}

export function setSessionTokenCookie(
	cookies: Cookies,
	url: URL,
	token: string,
	expiresAt: Date
): void {
	cookies.set(cookieName(url), token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionTokenCookie(cookies: Cookies, url: URL): void {
	cookies.delete(cookieName(url), { path: '/', secure: url.protocol === 'https:' });
}

import { createHash } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { SESSION_MARKER_COOKIE } from '../../domain/session-marker.js';
import { sessionIdOf } from './session.js';

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
	// Readable by the service worker (cookieStore), so offline it knows whether the session
	// whose pages it holds is still there. It identifies the session, never authorises anything.
	cookies.set(SESSION_MARKER_COOKIE, markerOf(sessionIdOf(token)), {
		httpOnly: false,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		path: '/',
		expires: expiresAt
	});
}

/** A non-secret name for one session: not the token, not the stored id. */
export function markerOf(sessionId: string): string {
	return createHash('sha256')
		.update(`zhicheng-session-marker:${sessionId}`)
		.digest('base64url')
		.slice(0, 22);
}

export function deleteSessionTokenCookie(cookies: Cookies, url: URL): void {
	cookies.delete(cookieName(url), { path: '/', secure: url.protocol === 'https:' });
	cookies.delete(SESSION_MARKER_COOKIE, {
		path: '/',
		secure: url.protocol === 'https:',
		httpOnly: false
	});
}

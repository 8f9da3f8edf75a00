import { SESSION_MARKER_COOKIE } from '../../domain/session-marker.js';

/**
 * Second line of defence on a shared phone: a page rendered for a signed-in person whose
 * session marker cookie is gone (cookies cleared, signed out elsewhere) is a kept copy of an
 * ended session. Its caches go and the page leaves at once. The worker refuses such copies
 * itself (src/service-worker/session-cache.ts); this covers the moment before the browser
 * tells the worker that the cookie changed.
 */
export function leaveIfSessionEnded(signedIn: boolean): void {
	if (!signedIn) return;
	const marker = document.cookie.split('; ').some((c) => c.startsWith(`${SESSION_MARKER_COOKIE}=`));
	if (marker) return;
	document.documentElement.style.visibility = 'hidden';
	const forget =
		typeof caches === 'undefined'
			? Promise.resolve()
			: Promise.all(['zc-pages'].map((name) => caches.delete(name).catch(() => false)));
	void forget.then(() => location.replace('/'));
}

/**
 * How the service worker knows whose pages it holds (shared phones): every response names the
 * session it was made for in a header, `a.<marker>` for an applicant, `s.<marker>` for staff,
 * `none` when signed out; a readable cookie carries the same marker while the session lasts.
 */
export const SESSION_MARKER_COOKIE = 'zc_session';
export const SESSION_MARKER_HEADER = 'X-Zhicheng-Session';
export const SESSION_EXPIRES_HEADER = 'X-Zhicheng-Session-Expires';

export type MarkerKind = 'applicant' | 'staff' | 'none';

export function markerKind(header: string | null): MarkerKind | null {
	if (header === null) return null;
	if (header === 'none') return 'none';
	return header.startsWith('a.') ? 'applicant' : header.startsWith('s.') ? 'staff' : 'none';
}

/** The bare marker (as in the cookie) of a header value. */
export function markerOfHeader(header: string): string {
	return header.slice(2);
}

/**
 * Which requests the service worker answers and how — pure predicates, so the rules are
 * testable and visible in one place:
 * - applicant pages (home, the tabs, drafts, account, an application or certificate once
 *   opened): network first, the last good copy offline; drafts pages are client-rendered
 *   shells, so any `?id=` opens from one cached copy;
 * - a holder's certificate PDF: network first, kept once downloaded (personal, like the pages);
 * - the form options API: network first, cached copy offline;
 * - the scanner's keys and status list: network first, kept with the time they were fetched;
 * - any other page: the network, or offline an app page saying what works without network;
 * - everything else (uploads, sync writes): straight to the network, never cached.
 */
/** One signed-in applicant's pages and certificate PDFs (see session-cache.ts). */
export const PAGES_CACHE = 'zc-pages';
/** That applicant's data (form options). */
export const DATA_CACHE = 'zc-data';
/** Pages of nobody in particular: the home page and the scanner signed out. */
export const PUBLIC_CACHE = 'zc-public';
/** The scanner's trust data (public keys, status list): nobody's, kept across sign-outs. */
export const TRUST_CACHE = 'zc-trust';
/** When a kept copy was fetched from the network (ISO), on every copy the worker keeps. */
export const FETCHED_AT_HEADER = 'X-Zhicheng-Fetched-At';

/** Pages a person may need without network; staff screens are deliberately not kept. */
export function isOfflinePage(url: URL): boolean {
	const p = url.pathname;
	return (
		p === '/' ||
		p === '/account' ||
		p === '/drafts' ||
		p.startsWith('/drafts/') ||
		// the applicant's tabs, as last synced (a staff member's answers are never kept)
		p === '/applications' ||
		/^\/applications\/[^/]+$/.test(p) ||
		p === '/certificates' ||
		/^\/certificates\/[^/]+$/.test(p) ||
		p === '/notifications' ||
		// the certificate scanner verifies offline (keys and status list below, and localStorage)
		p === '/scan'
	);
}

/** A holder's signed PDF (download and print view share one kept copy). */
export function isCertificatePdf(url: URL): boolean {
	return /^\/certificates\/[^/]+\/pdf$/.test(url.pathname);
}

/** Public keys and the signed status list: the scanner's offline verification data. */
export const TRUST_URLS = ['/.well-known/jwks.json', '/api/v1/status-list'] as const;

export function isTrustData(url: URL): boolean {
	return (TRUST_URLS as readonly string[]).includes(url.pathname);
}

export function isCachedData(url: URL): boolean {
	return url.pathname === '/api/options' || isTrustData(url);
}

/** Shells fetched into the cache after the first online visit, so every form opens offline. */
export const WARM_URLS = [
	'/',
	'/applications',
	'/certificates',
	'/notifications',
	'/account',
	'/drafts',
	'/drafts/new',
	'/drafts/edit',
	'/drafts/conflict',
	'/api/options'
] as const;

/** Fetched at install, signed out: the scanner works offline after any first visit. */
export const INSTALL_PAGES = ['/scan'] as const;

/** Only a real page of ours is kept: no redirect to sign-in, no error page. */
export function isKeepable(response: Response): boolean {
	// Opaque and cross-origin answers have status 0, so 200 also means "ours".
	return response.status === 200 && !response.redirected;
}

/** Messages the pages send to the worker. */
export type WorkerMessage = { type: 'SKIP_WAITING' } | { type: 'WARM' } | { type: 'FORGET_PAGES' };

export function isWorkerMessage(data: unknown): data is WorkerMessage {
	const type = (data as { type?: unknown } | null)?.type;
	return type === 'SKIP_WAITING' || type === 'WARM' || type === 'FORGET_PAGES';
}

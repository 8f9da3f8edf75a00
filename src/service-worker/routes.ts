/**
 * Which requests the service worker answers and how — pure predicates, so the rules are
 * testable and visible in one place:
 * - applicant pages (home, drafts, account): network first, the last good copy offline;
 *   drafts pages are client-rendered shells, so any `?id=` opens from one cached copy;
 * - the form options API: network first, cached copy offline;
 * - everything else (admin pages, uploads, sync writes): straight to the network, never cached.
 */
/** One signed-in applicant's pages (see session-cache.ts). */
export const PAGES_CACHE = 'zc-pages';
/** That applicant's data (form options). */
export const DATA_CACHE = 'zc-data';
/** Pages of nobody in particular: the home page and the scanner signed out. */
export const PUBLIC_CACHE = 'zc-public';

/** Pages a person may need without network; staff screens are deliberately not kept. */
export function isOfflinePage(url: URL): boolean {
	const p = url.pathname;
	return (
		p === '/' ||
		p === '/account' ||
		p === '/drafts' ||
		p.startsWith('/drafts/') ||
		// the certificate scanner verifies offline (keys and status list below, and localStorage)
		p === '/scan'
	);
}

/** Public keys and the signed status list: the scanner's offline verification data. */
const VERIFICATION_DATA = ['/.well-known/jwks.json', '/api/v1/status-list'];

export function isCachedData(url: URL): boolean {
	return url.pathname === '/api/options' || VERIFICATION_DATA.includes(url.pathname);
}

/** Shells fetched into the cache after the first online visit, so every form opens offline. */
export const WARM_URLS = [
	'/drafts',
	'/drafts/new',
	'/drafts/edit',
	'/drafts/conflict',
	'/api/options'
] as const;

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

import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import type { RouteHandler, WorkboxPlugin } from 'workbox-core/types.js';
import { offlinePageResponse } from './offline-page.js';
import {
	DATA_CACHE,
	FETCHED_AT_HEADER,
	isCertificatePdf,
	isKeepable,
	isOfflinePage,
	isTrustData,
	TRUST_CACHE
} from './routes.js';
import { cachedPage, keptPaths, settle, stamped } from './session-cache.js';

const keepOnlyOurPages: WorkboxPlugin = {
	cacheWillUpdate: async ({ response }) => (isKeepable(response) ? response : null)
};

/** Poor rural networks: after this long the cached copy answers while the network finishes. */
const NETWORK_TIMEOUT_SECONDS = 5;

const timeout = () =>
	new Promise<undefined>((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_SECONDS * 1000));

/**
 * A kept page as shown offline: the `<html>` element says when the copy was fetched, so the
 * layout labels it "离线副本 · <time> 同步" (an attribute, no script: the CSP stays intact).
 */
async function asOfflineCopy(response: Response): Promise<Response> {
	if (!response.headers.get('Content-Type')?.includes('text/html')) return response;
	const at = response.headers.get(FETCHED_AT_HEADER) ?? response.headers.get('Date') ?? '';
	const stamp = Number.isNaN(new Date(at).getTime()) ? '' : new Date(at).toISOString();
	const html = (await response.text()).replace(/<html\b/i, `<html data-zc-offline-copy="${stamp}"`);
	return new Response(html, {
		status: response.status,
		statusText: response.statusText,
		headers: response.headers
	});
}

/**
 * Pages: network first; the answer from the network settles whose cache this is before it is
 * shown (session-cache.ts); offline, or after the timeout, the copy of this session or the
 * public one, marked as a copy.
 */
const pages: RouteHandler = async ({ request }) => {
	const network = fetch(request).then((response) => settle(request, response));
	try {
		const first = await Promise.race([network, timeout()]);
		if (first) return first;
		const cached = await cachedPage(request);
		return cached ? asOfflineCopy(cached) : await network;
	} catch {
		const cached = await cachedPage(request);
		if (cached) return asOfflineCopy(cached);
		throw new Error('offline and not kept');
	}
};

/**
 * A holder's certificate PDF: from the network when there is one (and kept for this session);
 * offline, the copy downloaded before, as a download or in the viewer as asked (`?print=1`).
 */
const certificatePdf: RouteHandler = async ({ request, url }) => {
	try {
		return await fetch(request).then((response) => settle(request, response));
	} catch {
		const cached = await cachedPage(request);
		if (!cached) {
			if (request.mode !== 'navigate') return Response.error();
			return offlinePageResponse({
				kept: await keptPaths(),
				reason: '这份证书还没有下载到本机。联网后在“我的证书”下载一次，之后没有网络也能打开。'
			});
		}
		const headers = new Headers(cached.headers);
		const disposition = headers.get('Content-Disposition') ?? '';
		const kind = url.searchParams.get('print') === '1' ? 'inline' : 'attachment';
		headers.set('Content-Disposition', disposition.replace(/^\s*(inline|attachment)/i, kind));
		return new Response(cached.body, { status: 200, headers });
	}
};

/**
 * The scanner's keys and status list: from the network (kept with the time fetched, which
 * the scanner shows and judges their age by); offline or slow, the kept copy with its time.
 */
export async function fetchTrustData(request: Request): Promise<Response> {
	const response = await fetch(request);
	if (!isKeepable(response)) return response;
	const copy = await stamped(response);
	await (await caches.open(TRUST_CACHE)).put(new URL(request.url).pathname, copy.clone());
	return copy;
}

const trustData: RouteHandler = async ({ request, url }) => {
	const network = fetchTrustData(request);
	const kept = () => caches.open(TRUST_CACHE).then((c) => c.match(url.pathname));
	try {
		const first = await Promise.race([network, timeout()]);
		if (first) return first;
		return (await kept()) ?? (await network);
	} catch {
		return (await kept()) ?? Response.error();
	}
};

/** Any other page: the network; offline, an app page saying what works without it. */
const otherPages: RouteHandler = async ({ request }) => {
	try {
		return await fetch(request);
	} catch {
		return offlinePageResponse({ kept: await keptPaths() });
	}
};

/**
 * Hashed build files that the precache of THIS worker version does not list (a page fetched
 * after a deploy, before its worker took over): whichever cache holds them, else the network.
 */
const buildFiles: RouteHandler = async ({ request }) =>
	(await caches.match(request, { ignoreVary: true })) ?? fetch(request);

const data = new NetworkFirst({
	cacheName: DATA_CACHE,
	networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
	plugins: [keepOnlyOurPages]
});

/** Our own origin only (the CSP allows no other host, but a rule must not rely on that). */
const ours = (url: URL) => url.origin === self.location.origin;

export function registerStrategies(): void {
	registerRoute(({ url }) => ours(url) && isCertificatePdf(url), certificatePdf);
	registerRoute(
		({ request, url }) => ours(url) && request.mode === 'navigate' && isOfflinePage(url),
		pages
	);
	registerRoute(({ url }) => ours(url) && isTrustData(url), trustData);
	registerRoute(({ url }) => ours(url) && url.pathname === '/api/options', data);
	registerRoute(({ url }) => ours(url) && url.pathname.startsWith('/_app/immutable/'), buildFiles);
	registerRoute(({ request, url }) => ours(url) && request.mode === 'navigate', otherPages);
	// a plain form posted offline (no enhancement): the same page instead of the browser's
	registerRoute(({ request, url }) => ours(url) && request.mode === 'navigate', otherPages, 'POST');
	setCatchHandler(async ({ request }) => {
		if (request.mode === 'navigate') return offlinePageResponse({ kept: await keptPaths() });
		return Response.error();
	});
}

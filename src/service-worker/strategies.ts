import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import type { RouteHandler, WorkboxPlugin } from 'workbox-core/types.js';
import { DATA_CACHE, isCachedData, isKeepable, isOfflinePage } from './routes.js';
import { cachedPage, settle } from './session-cache.js';

const keepOnlyOurPages: WorkboxPlugin = {
	cacheWillUpdate: async ({ response }) => (isKeepable(response) ? response : null)
};

/** Poor rural networks: after this long the cached copy answers while the network finishes. */
const NETWORK_TIMEOUT_SECONDS = 5;

/**
 * Pages: network first; the answer from the network settles whose cache this is before it is
 * shown (session-cache.ts); offline, or after the timeout, the copy of this session or the
 * public one.
 */
const pages: RouteHandler = async ({ request }) => {
	const network = fetch(request).then((response) => settle(request, response));
	const timeout = new Promise<undefined>((resolve) =>
		setTimeout(resolve, NETWORK_TIMEOUT_SECONDS * 1000)
	);
	try {
		const first = await Promise.race([network, timeout]);
		if (first) return first;
		return (await cachedPage(request)) ?? (await network);
	} catch {
		const cached = await cachedPage(request);
		if (cached) return cached;
		throw new Error('offline and not kept');
	}
};

const data = new NetworkFirst({
	cacheName: DATA_CACHE,
	networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
	plugins: [keepOnlyOurPages]
});

const OFFLINE_HTML = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>当前没有网络</title><body style="font-family:sans-serif;padding:1.5rem;line-height:1.6">
<h1 style="font-size:1.3rem">当前没有网络</h1>
<p>这个页面需要联网。已保存在本机的申请草稿仍可离线打开和填写。</p>
<p><a href="/drafts" style="font-size:1.1rem">打开我的申请草稿</a></p></body></html>`;

export function registerStrategies(): void {
	registerRoute(({ request, url }) => request.mode === 'navigate' && isOfflinePage(url), pages);
	registerRoute(({ request, url }) => request.method === 'GET' && isCachedData(url), data);
	setCatchHandler(async ({ request }) => {
		if (request.mode === 'navigate') {
			return new Response(OFFLINE_HTML, {
				status: 503,
				headers: { 'Content-Type': 'text/html; charset=utf-8' }
			});
		}
		return Response.error();
	});
}

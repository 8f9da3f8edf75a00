/// <reference types="@sveltejs/kit" />
/**
 * The service worker: precaches the build, answers applicant pages and the form options
 * offline (see routes.ts), and waits — a new version activates only when a page asks
 * (SKIP_WAITING), which the page does only after the person accepts the update prompt and
 * every draft is safe in IndexedDB (see #lib/client/pwa/register.ts).
 */
import { assets, immutable, prerendered } from '$app/manifest';
import { self } from '$app/service-worker';
import { version } from '$app/env';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { precacheEntries } from './precache.js';
import { DATA_CACHE, isKeepable, isWorkerMessage, PAGES_CACHE, WARM_URLS } from './routes.js';
import { settle } from './session-cache.js';
import { registerStrategies } from './strategies.js';

precacheAndRoute(precacheEntries({ immutable, assets, prerendered }, version));
cleanupOutdatedCaches();
registerStrategies();
// The first install takes the open page at once, so it works offline without a reload.
// An UPDATE still waits: a waiting worker is only activated by SKIP_WAITING.
clientsClaim();

/** Fetches the applicant's shells into the cache (after sign-in, from the page). */
async function warm(): Promise<void> {
	for (const path of WARM_URLS) {
		try {
			const page = !path.startsWith('/api/');
			const response = await fetch(path, {
				credentials: 'same-origin',
				headers: { Accept: page ? 'text/html' : 'application/json' }
			});
			if (page) {
				await settle(new URL(path, self.location.origin).href, response);
				continue;
			}
			if (!isKeepable(response)) continue;
			await (await caches.open(DATA_CACHE)).put(path, response);
		} catch {
			// Offline or refused: the next visit warms again.
		}
	}
}

self.addEventListener('message', (event) => {
	const data: unknown = event.data;
	if (!isWorkerMessage(data)) return;
	const reply = () => event.ports[0]?.postMessage({ ok: true });
	if (data.type === 'SKIP_WAITING') {
		event.waitUntil(self.skipWaiting().then(reply));
	} else if (data.type === 'WARM') {
		event.waitUntil(warm().then(reply));
	} else if (data.type === 'FORGET_PAGES') {
		// Sign-out on a shared phone: the next person must not see the last one's pages.
		event.waitUntil(
			Promise.all([caches.delete(PAGES_CACHE), caches.delete(DATA_CACHE)]).then(reply)
		);
	}
});

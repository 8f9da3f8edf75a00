/// <reference types="@sveltejs/kit" />
/**
 * The service worker: precaches the build, answers applicant pages and the form options
 * offline (see routes.ts), and waits — a new version activates only when a page asks
 * (SKIP_WAITING), which the page does only after the person accepts the update prompt and
 * every draft is safe in IndexedDB (see #lib/client/pwa/register.ts).
 *
 * At install it also fetches the scanner page (signed out) and its trust data, so the scanner
 * verifies offline after the first visit to ANY page; the first install claims that page.
 */
import { assets, immutable, prerendered } from '$app/manifest';
import { self } from '$app/service-worker';
import { version } from '$app/env';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { precacheEntries } from './precache.js';
import {
	DATA_CACHE,
	INSTALL_PAGES,
	isKeepable,
	isWorkerMessage,
	PAGES_CACHE,
	TRUST_URLS,
	WARM_URLS
} from './routes.js';
import { keepPublic, personalOwner, settle } from './session-cache.js';
import { fetchTrustData, registerStrategies } from './strategies.js';

precacheAndRoute(precacheEntries({ immutable, assets, prerendered }, version));
cleanupOutdatedCaches();
registerStrategies();
// The first install takes the open page at once, so it works offline without a reload.
// An UPDATE still waits: a waiting worker is only activated by SKIP_WAITING.
clientsClaim();

/**
 * The scanner for offline use: its page as a signed-out visitor sees it (no cookies: nobody's
 * data, and the personal cache's owner is not touched), and the keys and status list. Its code
 * and the decoder's wasm are in the precache. A failure leaves the install intact.
 */
async function primeScanner(): Promise<void> {
	const origin = self.location.origin;
	await Promise.all([
		...INSTALL_PAGES.map(async (path) => {
			const url = new URL(path, origin).href;
			const response = await fetch(url, {
				credentials: 'omit',
				headers: { Accept: 'text/html' }
			}).catch(() => null);
			if (response) await keepPublic(url, response).catch(() => undefined);
		}),
		...TRUST_URLS.map((path) =>
			fetchTrustData(new Request(new URL(path, origin).href, { cache: 'no-cache' })).catch(
				() => undefined
			)
		)
	]);
}

self.addEventListener('install', (event) => event.waitUntil(primeScanner()));

/** A session's page loads warm at most this often (a warm renders every tab on the server). */
const WARM_INTERVAL_MS = 60_000;
let lastWarm = { owner: null as string | null, at: 0 };

/** Fetches the applicant's tabs and shells into the cache (after sign-in, from the page). */
async function warm(): Promise<void> {
	const owner = await personalOwner();
	if (owner && owner === lastWarm.owner && Date.now() - lastWarm.at < WARM_INTERVAL_MS) return;
	await warmAll();
	lastWarm = { owner: await personalOwner(), at: Date.now() };
}

async function warmAll(): Promise<void> {
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

/**
 * Registers the service worker with workbox-window and runs the update prompt.
 *
 * A new version installs in the background and WAITS. The page shows "有新版本，点击刷新";
 * only when the person accepts does the page (1) write any edit still in memory to IndexedDB,
 * (2) tell the waiting worker to skip waiting, (3) reload once it controls the page. Drafts
 * live in IndexedDB, which neither worker touches, so nothing is lost by the reload.
 * iOS Safari may never fire `controllerchange`: the reload also happens after a timeout.
 */
import { messageSW, Workbox } from 'workbox-window';
import { flushPendingSaves } from './pending-saves.js';

export const SW_URL = '/service-worker.js';
/** How long to wait for `controlling` before reloading anyway (iOS). */
const CONTROL_TIMEOUT_MS = 3000;

export interface UpdateOffer {
	/** Flushes edits, activates the waiting worker and reloads. */
	apply(): Promise<void>;
}

let workbox: Workbox | null = null;

export async function registerServiceWorker(options: {
	onUpdate: (offer: UpdateOffer) => void;
}): Promise<void> {
	if (!('serviceWorker' in navigator) || workbox) return;
	const wb = (workbox = new Workbox(SW_URL, { type: 'module' }));
	let reloading = false;
	const reload = () => {
		if (reloading) return;
		reloading = true;
		location.reload();
	};
	wb.addEventListener('waiting', () => {
		options.onUpdate({
			async apply() {
				await flushPendingSaves();
				const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
				if (!waiting) return reload();
				wb.addEventListener('controlling', reload);
				navigator.serviceWorker.addEventListener('controllerchange', reload);
				await Promise.race([
					messageSW(waiting, { type: 'SKIP_WAITING' }),
					delay(CONTROL_TIMEOUT_MS)
				]);
				// iOS: the worker has activated but `controllerchange` may never come.
				setTimeout(reload, CONTROL_TIMEOUT_MS);
			}
		});
	});
	try {
		await wb.register();
	} catch {
		// Offline: the browser could not check for a new version; the installed worker serves.
	}
}

/**
 * An applicant is signed in: the worker fetches the drafts pages and options into its cache,
 * so every form opens offline after this one online visit. `ready` (not `wb.active`) also
 * resolves when the first install finished before workbox-window started listening.
 */
export async function warmOfflinePages(): Promise<void> {
	if (!('serviceWorker' in navigator) || !navigator.onLine) return;
	const { active } = await navigator.serviceWorker.ready;
	if (active) await messageSW(active, { type: 'WARM' }).catch(() => undefined);
}

/** Sign-out on a shared phone: the cached pages of this person go too. */
export async function forgetCachedPages(): Promise<void> {
	const controller = navigator.serviceWorker?.controller;
	if (controller)
		await Promise.race([messageSW(controller, { type: 'FORGET_PAGES' }), delay(2000)]);
	if (typeof caches === 'undefined') return;
	await Promise.all(['zc-pages', 'zc-data'].map((name) => caches.delete(name).catch(() => false)));
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

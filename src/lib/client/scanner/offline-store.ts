/**
 * The scanner's offline data: the published keys (JWKS) and the signed status list, kept in
 * localStorage so the offline verdict works after one online visit even where no service
 * worker runs (private windows, old browsers). Only keys signed by the city root key built into
 * the app are used, and the status list is checked against them before it is stored and again
 * when it is read, so a tampered or foreign copy is never used.
 */
import { PINNED_CITY_ROOT_KEY } from '#lib/city-root-pin.js';
import { fromBase64url } from '#lib/domain/certificate-token.js';
import { keysFromJwks, type OfflineData } from '#lib/domain/offline-verification.js';
import { verifyStatusList } from '#lib/domain/status-list.js';
import { route } from '#lib/routes.js';

/** Set by the service worker on the copies it keeps: when they came from the network. */
const FETCHED_AT_HEADER = 'X-Zhicheng-Fetched-At';

/**
 * When the answers were fetched from the network: the worker's time on a kept copy (offline it
 * answers with what it has), else now (no worker: `no-cache` went to the server). The older
 * of the two, since the pair is only as fresh as its older half.
 */
function fetchedAtOf(responses: Response[], now = new Date()): string {
	let at = now.getTime();
	for (const r of responses) {
		const t = Date.parse(r.headers.get(FETCHED_AT_HEADER) ?? '');
		if (Number.isFinite(t)) at = Math.min(at, t);
	}
	return new Date(at).toISOString();
}

const STORAGE_KEY = 'zc.verify.offline.v1';

interface Stored {
	jwks: unknown;
	statusList: string;
	/** When this copy was fetched (ISO). */
	fetchedAt: string;
}

export interface LoadedOfflineData {
	data: OfflineData;
	fetchedAt: string;
}

/** The city root key built into the app: only office keys it signed are used. */
const pinnedRoot = fromBase64url(PINNED_CITY_ROOT_KEY)!;

async function fromStored(stored: Stored): Promise<LoadedOfflineData | null> {
	const keys = await keysFromJwks(stored.jwks, pinnedRoot);
	const checked = await verifyStatusList(stored.statusList, (kid) => keys.get(kid)?.publicKey);
	if (!checked.ok) return null;
	return { data: { keys, statusList: checked.list }, fetchedAt: stored.fetchedAt };
}

/** The copy saved on this device, if any (and still genuine). */
export async function loadOfflineData(): Promise<LoadedOfflineData | null> {
	try {
		const raw = localStorage.getItem(STORAGE_KEY);
		return raw ? await fromStored(JSON.parse(raw) as Stored) : null;
	} catch {
		return null;
	}
}

/** Fetches the current keys and status list; stores them when genuine. Null when offline. */
export async function refreshOfflineData(timeoutMs = 8000): Promise<LoadedOfflineData | null> {
	const signal = AbortSignal.timeout(timeoutMs);
	try {
		const [jwksResponse, listResponse] = await Promise.all([
			fetch(route.jwks(), { signal, cache: 'no-cache' }),
			fetch(route.statusList(), { signal, cache: 'no-cache' })
		]);
		if (!jwksResponse.ok || !listResponse.ok) return null;
		const stored: Stored = {
			jwks: await jwksResponse.json(),
			statusList: await listResponse.text(),
			fetchedAt: fetchedAtOf([jwksResponse, listResponse])
		};
		const loaded = await fromStored(stored);
		if (!loaded) return null;
		try {
			localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
		} catch {
			// storage full or disabled: this page still has the data in memory
		}
		return loaded;
	} catch {
		return null;
	}
}

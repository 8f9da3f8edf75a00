/**
 * Personal pages belong to one session (shared phones). Pages made for a signed-in applicant
 * go into the personal cache, whose owner — the session's marker and expiry — is stored beside
 * them; public pages (signed out: the home page, the scanner) into the public cache; staff
 * pages nowhere. Before any answer is shown:
 * - online, a response naming another session, or none, empties the personal cache first
 *   (sign-out elsewhere, expiry, password change, another person signing in);
 * - offline, the personal copy is used only while the session's marker cookie is still there
 *   and equal to the owner (cookies cleared, signed out in another tab: gone), and, where the
 *   browser has no cookieStore in workers, only until the session's expiry.
 */
import {
	markerKind,
	markerOfHeader,
	SESSION_EXPIRES_HEADER,
	SESSION_MARKER_COOKIE,
	SESSION_MARKER_HEADER
} from '../lib/domain/session-marker.js';
import { FETCHED_AT_HEADER, isKeepable, PAGES_CACHE, PUBLIC_CACHE } from './routes.js';

const OWNER_KEY = '/__zhicheng/owner';

interface Owner {
	marker: string;
	expiresAt: string;
}

async function owner(): Promise<Owner | null> {
	const hit = await (await caches.open(PAGES_CACHE)).match(OWNER_KEY);
	if (!hit) return null;
	try {
		return (await hit.json()) as Owner;
	} catch {
		return null;
	}
}

/** The session the personal cache belongs to (its marker), if any. */
export async function personalOwner(): Promise<string | null> {
	return (await owner())?.marker ?? null;
}

export async function forgetPersonal(): Promise<void> {
	await caches.delete(PAGES_CACHE);
}

/** The marker cookie as the worker sees it now: a string, null (no cookie), or undefined (cannot tell). */
async function currentMarker(): Promise<string | null | undefined> {
	const store = (
		globalThis as { cookieStore?: { get(name: string): Promise<{ value: string } | null> } }
	).cookieStore;
	if (!store) return undefined;
	try {
		return (await store.get(SESSION_MARKER_COOKIE))?.value ?? null;
	} catch {
		return undefined;
	}
}

/** A copy of `response` that says when it was fetched (the worker's clock). */
export async function stamped(response: Response, at = new Date()): Promise<Response> {
	const headers = new Headers(response.headers);
	headers.set(FETCHED_AT_HEADER, at.toISOString());
	return new Response(await response.blob(), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

/** The key pages are kept under: the path alone (drafts shells answer every `?id=`). */
export function pageKey(url: string | URL): string {
	const u = new URL(url);
	return u.origin + u.pathname;
}

/**
 * Settles whose cache this is from a response that came from the network, then keeps the
 * response where it belongs. Returns the response to show.
 */
export async function settle(request: Request | string, response: Response): Promise<Response> {
	const header = response.headers.get(SESSION_MARKER_HEADER);
	const kind = markerKind(header);
	if (kind === null) return response; // not ours (or a proxy ate the header): keep nothing
	const held = await owner();
	const marker = kind === 'applicant' ? markerOfHeader(header!) : null;
	if (held && held.marker !== marker) await forgetPersonal();
	if (!isKeepable(response) || kind === 'staff') return response;
	const key = pageKey(typeof request === 'string' ? request : request.url);
	if (marker !== null) {
		const cache = await caches.open(PAGES_CACHE);
		const expiresAt = response.headers.get(SESSION_EXPIRES_HEADER) ?? new Date().toISOString();
		await cache.put(OWNER_KEY, Response.json({ marker, expiresAt } satisfies Owner));
		await cache.put(key, await stamped(response.clone()));
	} else {
		await (await caches.open(PUBLIC_CACHE)).put(key, await stamped(response.clone()));
	}
	return response;
}

/** The personal cache, while its session still stands (else it is emptied): null when none. */
async function livePersonal(): Promise<Cache | null> {
	const held = await owner();
	if (!held) return null;
	const cookie = await currentMarker();
	const alive =
		cookie === undefined ? new Date(held.expiresAt) > new Date() : cookie === held.marker;
	if (alive) return caches.open(PAGES_CACHE);
	await forgetPersonal();
	return null;
}

/**
 * Keeps a public page fetched without credentials (the scanner at install). Never settles the
 * owner: a signed-out answer made without cookies says nothing about the session on this phone.
 */
export async function keepPublic(url: string, response: Response): Promise<void> {
	if (!isKeepable(response) || markerKind(response.headers.get(SESSION_MARKER_HEADER)) !== 'none')
		return;
	await (await caches.open(PUBLIC_CACHE)).put(pageKey(url), await stamped(response));
}

/** Paths kept for offline use now (the session's, while it stands, and the public ones). */
export async function keptPaths(): Promise<Map<string, string | null>> {
	const out = new Map<string, string | null>();
	const personal = await livePersonal();
	for (const cache of [personal, await caches.open(PUBLIC_CACHE)]) {
		if (!cache) continue;
		for (const request of await cache.keys()) {
			const path = new URL(request.url).pathname;
			if (path === OWNER_KEY || out.has(path)) continue;
			out.set(path, (await cache.match(request))?.headers.get(FETCHED_AT_HEADER) ?? null);
		}
	}
	return out;
}

/** Offline: the personal copy while its session still stands, else the public one. */
export async function cachedPage(request: Request | string): Promise<Response | undefined> {
	const key = pageKey(typeof request === 'string' ? request : request.url);
	const hit = await (await livePersonal())?.match(key);
	if (hit) return hit;
	return (await (await caches.open(PUBLIC_CACHE)).match(key)) ?? undefined;
}

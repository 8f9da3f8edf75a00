/**
 * How long the scanner may rely on its cached trust data (the published keys and the signed
 * status list) before saying plainly that they are out of date. EU DCC verifiers refuse a
 * trust list they have not refreshed in time; here the status list says itself how long a
 * verifier may use it (`ttl`, as in the IETF Token Status List), counted from when it was
 * fetched. The keys carry no such claim: they may be used a day (the DCC guidelines' daily
 * update). A signed `ttl` outside 1 minute … 7 days is clamped, so a wrong value can neither
 * make every verdict stale nor keep a list forever. Pure: the scanner and tests share it.
 */
export const KEYS_MAX_AGE_S = 24 * 3600;
export const MIN_TTL_S = 60;
export const MAX_TTL_S = 7 * 24 * 3600;

export interface TrustFreshness {
	/** When the data was fetched from the network (ISO). */
	fetchedAt: string;
	/** From when on it is out of date (ISO). */
	staleSince: string;
	stale: boolean;
}

/** The maximum age in seconds of data whose status list carries `ttl` (null: no list). */
export function maxAgeSeconds(ttl: unknown): number {
	if (typeof ttl !== 'number' || !Number.isFinite(ttl)) return KEYS_MAX_AGE_S;
	return Math.min(KEYS_MAX_AGE_S, Math.max(MIN_TTL_S, Math.min(MAX_TTL_S, ttl)));
}

export function trustFreshness(
	fetchedAt: string,
	ttl: unknown,
	now: Date = new Date()
): TrustFreshness {
	const fetched = Date.parse(fetchedAt);
	// an unreadable time is treated as data of unknown age: out of date
	if (!Number.isFinite(fetched))
		return { fetchedAt, staleSince: new Date(0).toISOString(), stale: true };
	const staleSince = new Date(fetched + maxAgeSeconds(ttl) * 1000);
	return {
		fetchedAt: new Date(fetched).toISOString(),
		staleSince: staleSince.toISOString(),
		stale: now.getTime() >= staleSince.getTime()
	};
}

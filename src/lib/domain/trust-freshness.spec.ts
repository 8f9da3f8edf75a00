import { describe, expect, it } from 'vitest';
import { KEYS_MAX_AGE_S, maxAgeSeconds, trustFreshness } from './trust-freshness.js';

const at = '2026-12-03T06:00:00.000Z';
const plus = (s: number) => new Date(Date.parse(at) + s * 1000);

describe('trust data freshness', () => {
	it('uses the status list for its ttl, counted from the fetch', () => {
		expect(trustFreshness(at, 300, plus(299))).toEqual({
			fetchedAt: at,
			staleSince: plus(300).toISOString(),
			stale: false
		});
		expect(trustFreshness(at, 300, plus(300)).stale).toBe(true);
	});

	it('keys alone (no list, or no ttl) keep a day', () => {
		expect(maxAgeSeconds(undefined)).toBe(KEYS_MAX_AGE_S);
		expect(trustFreshness(at, null, plus(KEYS_MAX_AGE_S - 1)).stale).toBe(false);
		expect(trustFreshness(at, null, plus(KEYS_MAX_AGE_S)).stale).toBe(true);
	});

	it('clamps a signed ttl that is absurd either way', () => {
		expect(maxAgeSeconds(0)).toBe(60);
		expect(maxAgeSeconds(-5)).toBe(60);
		expect(maxAgeSeconds(10 ** 12)).toBe(KEYS_MAX_AGE_S);
		expect(maxAgeSeconds(Number.NaN)).toBe(KEYS_MAX_AGE_S);
	});

	it('an unreadable fetch time counts as out of date', () => {
		expect(trustFreshness('yesterday', 300, plus(0)).stale).toBe(true);
	});
});

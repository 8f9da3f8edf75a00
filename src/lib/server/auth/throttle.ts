import { eq, sql } from 'drizzle-orm';
import { throttle } from '../db/schema/index.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { blindIndex } from '../crypto/pii.js';

export interface Limit {
	max: number;
	windowMs: number;
}

/**
 * Sign-ins per IP and 15 minutes. 30 by default; an office whose staff share one public address
 * (NAT) raises it with SIGN_IN_LIMIT_PER_IP. The per-account lock still stops guessing.
 */
function signInLimit(): number {
	const raw = process.env.SIGN_IN_LIMIT_PER_IP;
	if (raw === undefined || raw === '') return 30;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1)
		throw new Error(`SIGN_IN_LIMIT_PER_IP must be a positive whole number, not "${raw}"`);
	return n;
}

function positiveEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1)
		throw new Error(`${name} must be a positive whole number, not "${raw}"`);
	return n;
}

export const limits = {
	signInPerIp: { max: signInLimit(), windowMs: 15 * 60_000 },
	registerPerIp: { max: 10, windowMs: 60 * 60_000 },
	lookupPerIp: { max: 20, windowMs: 10 * 60_000 },
	/** SMS codes: one per number and minute, a daily cap per number and per IP. */
	smsCodePerNumber: { max: 1, windowMs: 60_000 },
	smsCodePerNumberDay: { max: 10, windowMs: 24 * 3600_000 },
	smsCodePerIpDay: { max: positiveEnv('SMS_CODE_LIMIT_PER_IP', 30), windowMs: 24 * 3600_000 }
} satisfies Record<string, Limit>;

/**
 * Counts one hit against `bucket:subject` in a fixed window shared by all instances and
 * tells whether it is still within the limit. IPs are stored only as keyed hashes.
 */
export async function hit(bucket: string, subject: string, limit: Limit): Promise<boolean> {
	return (await count(`${bucket}:${blindIndex('ip', subject)}`, limit)) <= limit.max;
}

/**
 * Counts one hit against a key the caller has already made anonymous (a keyed hash) and tells
 * whether it is still within the limit.
 */
export async function hitKey(key: string, limit: Limit): Promise<boolean> {
	return (await count(key, limit)) <= limit.max;
}

/** Counts one hit against a key in its fixed window; returns the count so far. */
async function count(key: string, limit: Limit): Promise<number> {
	const at = now();
	const reset = new Date(at.getTime() + limit.windowMs);
	const result = await db().execute<{ count: number }>(sql`
		insert into throttle (key, count, reset_at) values (${key}, 1, ${reset.toISOString()})
		on conflict (key) do update set
			count = case when throttle.reset_at <= ${at.toISOString()} then 1 else throttle.count + 1 end,
			reset_at = case when throttle.reset_at <= ${at.toISOString()} then excluded.reset_at else throttle.reset_at end
		returning count`);
	const rows = (
		Array.isArray(result) ? result : (result as { rows: { count: number }[] }).rows
	) as {
		count: number;
	}[];
	return Number(rows[0]?.count ?? 0);
}

/**
 * Failed sign-ins per identifier as typed (normalised), whether or not an account has it: an
 * unknown identifier locks after five failures exactly like a real one, so the answers never
 * tell the two apart. Stored as a keyed hash of the identifier.
 */
export const signInFailures = {
	key: (identifier: string) => `sign-in-fail:${blindIndex('login', identifier)}`,
	/** The end of the lock, while MAX failures stand in the window. */
	async lockedUntil(key: string, max: number): Promise<Date | null> {
		const [row] = await db().select().from(throttle).where(eq(throttle.key, key));
		return row && row.count >= max && row.resetAt > now() ? row.resetAt : null;
	},
	record: (key: string, limit: Limit) => count(key, limit),
	/** Holds the lock until `until` (15 minutes from the failure that set it). */
	lock: async (key: string, until: Date) => {
		await db().update(throttle).set({ resetAt: until }).where(eq(throttle.key, key));
	},
	clear: async (key: string) => {
		await db().delete(throttle).where(eq(throttle.key, key));
	}
};

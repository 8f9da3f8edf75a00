import { sql } from 'drizzle-orm';
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

export const limits = {
	signInPerIp: { max: signInLimit(), windowMs: 15 * 60_000 },
	registerPerIp: { max: 10, windowMs: 60 * 60_000 },
	lookupPerIp: { max: 20, windowMs: 10 * 60_000 }
} satisfies Record<string, Limit>;

/**
 * Counts one hit against `bucket:subject` in a fixed window shared by all instances and
 * tells whether it is still within the limit. IPs are stored only as keyed hashes.
 */
export async function hit(bucket: string, subject: string, limit: Limit): Promise<boolean> {
	const key = `${bucket}:${blindIndex('ip', subject)}`;
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
	return Number(rows[0]?.count ?? 0) <= limit.max;
}

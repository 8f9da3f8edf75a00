import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { now } from '../clock.js';
import type { Tx } from '../db/index.js';
import { auditLog, type AuditEntry } from '../db/schema/index.js';

export interface AuditInput {
	actorUserId?: string | null;
	actorOrgId?: string | null;
	action: string;
	objectType?: string | null;
	objectId?: string | null;
	result: AuditEntry['result'];
	/** Never raw ID or mobile numbers: masked values or ids only. */
	detail?: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);

/** Stable JSON: object keys sorted, so a value survives a jsonb round trip unchanged. */
export function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

export function entryHash(
	prevHash: string,
	e: Omit<AuditEntry, 'id' | 'prevHash' | 'hash'>
): string {
	const body = canonical({
		at: e.at.toISOString(),
		actorUserId: e.actorUserId,
		actorOrgId: e.actorOrgId,
		action: e.action,
		objectType: e.objectType,
		objectId: e.objectId,
		result: e.result,
		detail: e.detail
	});
	return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one entry to the hash chain. Call it inside the transaction that makes the
 * change it records, so both commit or neither does. The advisory lock serialises
 * appenders so the chain never forks.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(7305002)`);
	const [last] = await tx
		.select({ hash: auditLog.hash })
		.from(auditLog)
		.orderBy(desc(auditLog.id))
		.limit(1);
	const entry = {
		at: now(),
		actorUserId: input.actorUserId ?? null,
		actorOrgId: input.actorOrgId ?? null,
		action: input.action,
		objectType: input.objectType ?? null,
		objectId: input.objectId ?? null,
		result: input.result,
		detail: input.detail ?? {}
	};
	const prevHash = last?.hash ?? GENESIS;
	await tx.insert(auditLog).values({ ...entry, prevHash, hash: entryHash(prevHash, entry) });
}

import { createHmac, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { now } from '../clock.js';
import { deriveKey, masterKey } from '../crypto/master-key.js';
import type { Tx } from '../db/index.js';
import { auditLog, type AuditEntry } from '../db/schema/index.js';
import { leafHash } from './merkle.js';

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

type LeafFields = Pick<
	AuditEntry,
	| 'uid'
	| 'at'
	| 'actorUserId'
	| 'actorOrgId'
	| 'action'
	| 'objectType'
	| 'objectId'
	| 'result'
	| 'detail'
>;

/** The entry as the tree's leaf: its canonical JSON (entries from before the tree have no uid). */
export function leafOf(e: LeafFields): string {
	return canonical({
		uid: e.uid ?? undefined,
		at: e.at.toISOString(),
		actorUserId: e.actorUserId,
		actorOrgId: e.actorOrgId,
		action: e.action,
		objectType: e.objectType,
		objectId: e.objectId,
		result: e.result,
		detail: e.detail
	});
}

export function entryLeafHash(e: LeafFields): string {
	return leafHash(leafOf(e));
}

/** Keyed so that whoever can write to the database cannot recompute it for an edited entry. */
let macKey: { master: Buffer; key: KeyObject } | undefined;

export function entryMac(leafHashHex: string): string {
	// A KeyObject, derived once per master key: HKDF plus a raw-key HMAC cost ~26 µs an entry.
	const master = masterKey();
	if (macKey?.master !== master)
		macKey = { master, key: createSecretKey(deriveKey('audit-entry-mac')) };
	return createHmac('sha256', macKey.key).update(leafHashHex, 'hex').digest('hex');
}

/**
 * Appends one entry. Call it inside the transaction that makes the change it records, so both
 * commit or neither does. It takes no lock and reads nothing: writers never wait for each
 * other; the sequencer (sequence-audit-log.ts) later gives committed entries their positions.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
	const entry = {
		uid: randomUUID(),
		at: now(),
		actorUserId: input.actorUserId ?? null,
		actorOrgId: input.actorOrgId ?? null,
		action: input.action,
		objectType: input.objectType ?? null,
		objectId: input.objectId ?? null,
		result: input.result,
		detail: input.detail ?? {}
	};
	const hash = entryLeafHash(entry);
	await tx.insert(auditLog).values({ ...entry, leafHash: hash, mac: entryMac(hash) });
}

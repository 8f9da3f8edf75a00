/**
 * Verifies the audit log: every entry against its leaf hash and keyed MAC, the positions
 * without gaps, the tree recomputed from the entries against every signed tree head in the
 * database and in the head file outside it (so each head is a prefix of the next: the heads
 * are consistent), and the audit keys against the master key. Reports the first bad position.
 */
import { getPublicKeyAsync } from '@noble/ed25519';
import { and, asc, gt, isNotNull, isNull } from 'drizzle-orm';
import { toBase64url } from '../../domain/certificate-token.js';
import { unwrapPrivateKey } from '../crypto/key-wrap.js';
import { deriveKey } from '../crypto/master-key.js';
import type { Db } from '../db/index.js';
import { auditKeys, auditLog, auditTreeHeads } from '../db/schema/index.js';
import { appendToFrontier, rootOfFrontier } from './merkle.js';
import { entryLeafHash, entryMac } from './record.js';
import { toSignedTreeHead, treeHeadSignatureValid, type SignedTreeHead } from './tree-head.js';

export interface AuditCounts {
	/** Entries checked. */
	rows: number;
	/** Size of the tree recomputed from the entries. */
	treeSize: number;
	/** Entries not yet placed in the tree by the sequencer. */
	pending: number;
	heads: number;
}

export type AuditReport =
	| ({ ok: true } & AuditCounts)
	| ({
			ok: false;
			/** Position in the tree (from 0) where the log stops holding, when known. */
			position: number | null;
			/** The entry's id, when one entry is to blame. */
			entryId: number | null;
			reason: string;
	  } & AuditCounts);

/** Audit keys whose private half does not unwrap under the master key were not ours. */
async function trustedKeys(db: Db): Promise<{ keys: Map<string, string>; bad?: string }> {
	const keys = new Map<string, string>();
	for (const row of await db.select().from(auditKeys)) {
		try {
			const priv = await unwrapPrivateKey(
				Buffer.from(row.privateKeyEnc, 'base64'),
				deriveKey('audit-tree-head-key'),
				`audit:${row.kid}`
			);
			if (toBase64url(await getPublicKeyAsync(priv)) !== row.publicKey)
				return { keys, bad: row.kid };
		} catch {
			return { keys, bad: row.kid };
		}
		keys.set(row.kid, row.publicKey);
	}
	return { keys };
}

export async function verifyAuditLog(
	db: Db,
	{ externalHeads = [] as SignedTreeHead[], pageSize = 5000 } = {}
): Promise<AuditReport> {
	const counts: AuditCounts = { rows: 0, treeSize: 0, pending: 0, heads: 0 };
	const fail = (reason: string, position: number | null, entryId: number | null = null) => ({
		ok: false as const,
		reason,
		position,
		entryId,
		...counts
	});
	const { keys, bad } = await trustedKeys(db);
	if (bad) return fail(`audit key ${bad} was not made with this installation's master key`, null);

	// Every head, from the database and from outside it, ordered by size.
	const dbHeads = (
		await db.select().from(auditTreeHeads).orderBy(asc(auditTreeHeads.treeSize))
	).map(toSignedTreeHead);
	const heads = [
		...dbHeads.map((h) => ({ ...h, source: '数据库' })),
		...externalHeads.map((h) => ({ ...h, source: '外部文件' }))
	].sort((a, b) => a.treeSize - b.treeSize);
	counts.heads = heads.length;
	let lastAt = '';
	for (const h of dbHeads) {
		if (h.at < lastAt)
			return fail(`tree head of size ${h.treeSize} is older than the one before it`, h.treeSize);
		lastAt = h.at;
	}
	for (const h of heads) {
		if (!(await treeHeadSignatureValid(h, keys)))
			return fail(
				`tree head of size ${h.treeSize} (${h.source}) has no valid signature`,
				h.treeSize
			);
	}

	let frontier: string[] = [];
	let size = 0;
	let next = 0; // index of the next head to compare
	while (next < heads.length && heads[next].treeSize === 0) next++;
	for (let lastSeq = -1; ;) {
		const page = await db
			.select()
			.from(auditLog)
			.where(and(isNotNull(auditLog.seq), gt(auditLog.seq, lastSeq)))
			.orderBy(asc(auditLog.seq))
			.limit(pageSize);
		if (page.length === 0) break;
		for (const row of page) {
			if (row.seq !== size) return fail(`entry at position ${size} is missing (deleted)`, size);
			counts.rows++;
			const leaf = entryLeafHash(row);
			if (leaf !== row.leafHash) return fail('entry content altered', size, row.id);
			if (entryMac(leaf) !== row.mac)
				return fail('entry altered and its hash recomputed (MAC invalid)', size, row.id);
			frontier = appendToFrontier(frontier, size, leaf);
			size++;
			for (; next < heads.length && heads[next].treeSize === size; next++) {
				if (heads[next].rootHash !== rootOfFrontier(frontier))
					return fail(
						`entries do not match the signed tree head of size ${size} (${heads[next].source}): reordered, inserted or removed before position ${size}`,
						heads[next - 1]?.treeSize ?? 0
					);
			}
			lastSeq = row.seq;
		}
	}
	counts.treeSize = size;
	if (next < heads.length) {
		const h = heads[heads.length - 1];
		return fail(
			`entries from position ${size} on are missing (truncated): the signed tree head of ${h.at} (${h.source}) has ${h.treeSize}`,
			size
		);
	}
	// Entries still waiting for the sequencer are checked one by one.
	for (let lastId = 0; ;) {
		const page = await db
			.select()
			.from(auditLog)
			.where(and(isNull(auditLog.seq), gt(auditLog.id, lastId)))
			.orderBy(asc(auditLog.id))
			.limit(pageSize);
		if (page.length === 0) break;
		for (const row of page) {
			counts.rows++;
			counts.pending++;
			lastId = row.id;
			if (row.leafHash === null) continue; // written before the tree: no hash to check yet
			const leaf = entryLeafHash(row);
			if (leaf !== row.leafHash) return fail('entry content altered', null, row.id);
			if (entryMac(leaf) !== row.mac)
				return fail('entry altered and its hash recomputed (MAC invalid)', null, row.id);
		}
	}
	return { ok: true, ...counts };
}

/**
 * Signed tree heads of the audit log (as Certificate Transparency's STH): the tree's size,
 * root hash and time, signed with the platform's audit key (Ed25519). The private key is
 * wrapped under a key derived from the master key, so the database alone cannot sign a head.
 * Every head is also appended to a file outside the database (AUDIT_HEAD_FILE; in embedded
 * mode `<DATA_DIR>/audit-tree-heads.jsonl` by default) and written to the log as one line.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getPublicKeyAsync, signAsync, utils as ed25519, verifyAsync } from '@noble/ed25519';
import { desc, eq } from 'drizzle-orm';
import { fromBase64url, toBase64url } from '../../domain/certificate-token.js';
import { unwrapPrivateKey, wrapPrivateKey } from '../crypto/key-wrap.js';
import { now } from '../clock.js';
import { deriveKey } from '../crypto/master-key.js';
import type { Tx } from '../db/index.js';
import { auditKeys, auditTreeHeads, type AuditTreeHead } from '../db/schema/index.js';
import { errorName, logger } from '../observability/logger.js';

const PURPOSE = 'audit-tree-head-key';

export interface SignedTreeHead {
	treeSize: number;
	rootHash: string;
	/** ISO 8601, milliseconds. */
	at: string;
	keyId: string;
	signature: string;
}

/** The exact bytes a head's signature covers. */
export function treeHeadText(h: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'at'>): string {
	return `zhicheng-audit-tree-head/v1\n${h.treeSize}\n${h.rootHash}\n${h.at}\n`;
}

export function toSignedTreeHead(row: AuditTreeHead): SignedTreeHead {
	return {
		treeSize: row.treeSize,
		rootHash: row.rootHash,
		at: row.at.toISOString(),
		keyId: row.keyId,
		signature: row.signature
	};
}

let cached: { kid: string; privateKey: Uint8Array } | undefined;

/** For tests: forget the unwrapped key (e.g. after the master key changed). */
export function clearAuditKeyCache(): void {
	cached = undefined;
}

/** The current audit key, created at first use (the caller holds the sequencer's lock). */
async function signingKey(tx: Tx): Promise<{ kid: string; privateKey: Uint8Array }> {
	const [row] = await tx.select().from(auditKeys).orderBy(desc(auditKeys.createdAt)).limit(1);
	if (row && cached?.kid === row.kid) return cached;
	if (row) {
		const privateKey = await unwrapPrivateKey(
			Buffer.from(row.privateKeyEnc, 'base64'),
			deriveKey(PURPOSE),
			`audit:${row.kid}`
		);
		return (cached = { kid: row.kid, privateKey });
	}
	const privateKey = ed25519.randomSecretKey();
	const publicKey = await getPublicKeyAsync(privateKey);
	const kid = `audit-${toBase64url(crypto.getRandomValues(new Uint8Array(6)))}`;
	const wrapped = await wrapPrivateKey(privateKey, deriveKey(PURPOSE), `audit:${kid}`);
	await tx.insert(auditKeys).values({
		kid,
		publicKey: toBase64url(publicKey),
		privateKeyEnc: Buffer.from(wrapped).toString('base64'),
		createdAt: now()
	});
	return (cached = { kid, privateKey });
}

export async function signTreeHead(
	tx: Tx,
	head: { treeSize: number; rootHash: string; at: Date }
): Promise<SignedTreeHead> {
	const key = await signingKey(tx);
	const unsigned = { treeSize: head.treeSize, rootHash: head.rootHash, at: head.at.toISOString() };
	const signature = await signAsync(
		new TextEncoder().encode(treeHeadText(unsigned)),
		key.privateKey
	);
	return { ...unsigned, keyId: key.kid, signature: toBase64url(signature) };
}

/** Public keys of the audit log by key id (base64url Ed25519). */
export async function auditPublicKeys(tx: Tx): Promise<Map<string, string>> {
	const rows = await tx
		.select({ kid: auditKeys.kid, publicKey: auditKeys.publicKey })
		.from(auditKeys);
	return new Map(rows.map((r) => [r.kid, r.publicKey]));
}

export async function treeHeadSignatureValid(
	head: SignedTreeHead,
	publicKeys: Map<string, string>
): Promise<boolean> {
	const pub = publicKeys.get(head.keyId);
	const sig = fromBase64url(head.signature);
	if (!pub || !sig) return false;
	try {
		return await verifyAsync(
			sig,
			new TextEncoder().encode(treeHeadText(head)),
			fromBase64url(pub)!
		);
	} catch {
		return false;
	}
}

export async function latestTreeHead(tx: Tx): Promise<AuditTreeHead | undefined> {
	const [row] = await tx
		.select()
		.from(auditTreeHeads)
		.orderBy(desc(auditTreeHeads.treeSize))
		.limit(1);
	return row;
}

export async function treeHeadOfSize(tx: Tx, size: number): Promise<AuditTreeHead | undefined> {
	const [row] = await tx.select().from(auditTreeHeads).where(eq(auditTreeHeads.treeSize, size));
	return row;
}

/** Where heads are written outside the database; none when unset with a server database. */
export function treeHeadFile(): string | undefined {
	if (process.env.AUDIT_HEAD_FILE) return path.resolve(process.env.AUDIT_HEAD_FILE);
	if (process.env.DATABASE_URL) return undefined;
	return path.resolve(process.env.DATA_DIR ?? 'data', 'audit-tree-heads.jsonl');
}

/** Publishes a committed head: one JSON line to the file and one to the log. */
export function publishTreeHead(head: SignedTreeHead, file = treeHeadFile()): void {
	const line = JSON.stringify(head);
	if (file) {
		try {
			mkdirSync(path.dirname(file), { recursive: true });
			appendFileSync(file, line + '\n', { mode: 0o600 });
		} catch (e) {
			logger.error({ err: errorName(e) }, 'audit tree head not written to file');
		}
	}
	if (process.env.AUDIT_HEAD_LOG !== 'false') logger.info({ treeHead: head }, 'audit.tree_head');
}

/** Heads read back from a head file; lines that are not heads are returned as errors. */
export function readTreeHeadFile(file: string): { heads: SignedTreeHead[]; badLines: number[] } {
	const heads: SignedTreeHead[] = [];
	const badLines: number[] = [];
	if (!existsSync(file)) return { heads, badLines };
	readFileSync(file, 'utf8')
		.split('\n')
		.forEach((line, i) => {
			if (!line.trim()) return;
			try {
				const h = JSON.parse(line) as SignedTreeHead;
				if (
					Number.isSafeInteger(h.treeSize) &&
					typeof h.rootHash === 'string' &&
					typeof h.at === 'string' &&
					typeof h.keyId === 'string' &&
					typeof h.signature === 'string'
				)
					heads.push(h);
				else badLines.push(i + 1);
			} catch {
				badLines.push(i + 1);
			}
		});
	return { heads, badLines };
}

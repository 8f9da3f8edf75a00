/**
 * The sequencer: gives committed audit entries their positions in the Merkle tree, in
 * batches, and signs one new tree head per run. One sequencer runs at a time in the whole
 * cluster (a transaction-scoped advisory lock, tried, never waited for), so writers never
 * queue behind each other: the order of the log is the order in which the sequencer took
 * the entries, fixed once and signed.
 */
import { asc, isNull, sql } from 'drizzle-orm';
import { now } from '../clock.js';
import type { Db, Tx } from '../db/index.js';
import { auditLog, auditTreeHeads } from '../db/schema/index.js';
import { onShutdown } from '../lifecycle.js';
import { appendToFrontier, rootOfFrontier } from './merkle.js';
import { entryLeafHash, entryMac } from './record.js';
import { latestTreeHead, publishTreeHead, signTreeHead, type SignedTreeHead } from './tree-head.js';
import { errorName, logger } from '../observability/logger.js';

const SEQUENCER_LOCK = 7305003;
const BATCH = 2000;

function firstRow<T>(result: unknown): T | undefined {
	const r = result as { rows?: T[] } & T[];
	return (r.rows ?? r)[0];
}

export interface SequenceResult {
	sequenced: number;
	head?: SignedTreeHead;
	/** Another sequencer held the lock: nothing was done. */
	busy?: boolean;
}

async function sequenceInTransaction(tx: Tx, maxEntries: number): Promise<SequenceResult> {
	const locked = firstRow<{ locked: boolean }>(
		await tx.execute(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as locked`)
	);
	if (!locked?.locked) return { sequenced: 0, busy: true };
	const last = await latestTreeHead(tx);
	let size = last?.treeSize ?? 0;
	let frontier = last?.frontier ?? [];
	let sequenced = 0;
	while (sequenced < maxEntries) {
		const batch = await tx
			.select()
			.from(auditLog)
			.where(isNull(auditLog.seq))
			.orderBy(asc(auditLog.id))
			.limit(Math.min(BATCH, maxEntries - sequenced));
		if (batch.length === 0) break;
		const values = batch.map((row) => {
			// Entries written before the tree existed get their leaf hash and MAC now.
			const leaf = row.leafHash ?? entryLeafHash(row);
			const mac = row.mac ?? entryMac(leaf);
			frontier = appendToFrontier(frontier, size, leaf);
			return sql`(${row.id}::bigint, ${size++}::bigint, ${leaf}, ${mac})`;
		});
		await tx.execute(sql`
			update audit_log as a set seq = v.seq, leaf_hash = v.leaf_hash, mac = v.mac
			from (values ${sql.join(values, sql`, `)}) as v(id, seq, leaf_hash, mac)
			where a.id = v.id`);
		sequenced += batch.length;
	}
	if (sequenced === 0) return { sequenced };
	const head = await signTreeHead(tx, {
		treeSize: size,
		rootHash: rootOfFrontier(frontier),
		at: now()
	});
	await tx.insert(auditTreeHeads).values({
		treeSize: head.treeSize,
		rootHash: head.rootHash,
		at: new Date(head.at),
		keyId: head.keyId,
		signature: head.signature,
		frontier
	});
	return { sequenced, head };
}

/**
 * Sequences up to `maxEntries` waiting entries and signs the new head; the head is published
 * (file, log) only after it committed.
 */
export async function sequenceAuditLog(
	db: Db,
	{ maxEntries = 100_000, publish = true } = {}
): Promise<SequenceResult> {
	const result = await db.transaction((tx) => sequenceInTransaction(tx, maxEntries));
	if (result.head && publish) publishTreeHead(result.head);
	return result;
}

/** Runs the sequencer every AUDIT_SEQUENCE_INTERVAL_MS (2 s), and a last time at shutdown. */
export function startAuditSequencer(db: () => Db): void {
	const interval = Number(process.env.AUDIT_SEQUENCE_INTERVAL_MS ?? 2000);
	let running: Promise<unknown> = Promise.resolve();
	const tick = () => {
		running = running
			.then(async () => {
				// Drain: a busy moment may leave more than one run's worth waiting.
				while ((await sequenceAuditLog(db())).sequenced >= 100_000);
			})
			.catch((e: Error) => logger.error({ err: errorName(e) }, 'audit sequencer failed'));
	};
	const timer = setInterval(tick, interval);
	timer.unref();
	tick();
	onShutdown(async () => {
		clearInterval(timer);
		tick();
		await running;
	});
}

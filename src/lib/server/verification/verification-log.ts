/**
 * The verification log, written in batches: a verification only appends to an in-memory buffer;
 * the buffer is flushed every VERIFY_LOG_FLUSH_MS (default 1000) or as soon as it holds
 * VERIFY_LOG_BATCH (default 500) distinct rows, and on shutdown. Identical checks in one window
 * (same subject, verdict, channel, verifier and client) fold into one row with a count, so a
 * thousand scans of one certificate in a second cost one insert.
 *
 * If the database refuses a batch, the rows stay buffered for the next flush (up to MAX_PENDING
 * rows; beyond that the oldest are dropped and counted, never blocking verification).
 */
import { createHmac } from 'node:crypto';
import type { Verdict } from '../../domain/verification.js';
import { deriveKey } from '../crypto/master-key.js';
import { db } from '../db/index.js';
import { verificationLog } from '../db/schema/index.js';
import { onShutdown } from '../lifecycle.js';
import { logger } from '../observability/logger.js';
import { countVerification } from '../observability/metrics.js';

export type Channel = 'page' | 'api' | 'lookup' | 'scan';

export interface LogEntry {
	certificateId?: string | null;
	archiveFormId?: string | null;
	subjectNo?: string | null;
	verdict: Verdict;
	reason?: string | null;
	channel: Channel;
	verifierOrgId?: string | null;
	/** The client's address; only its keyed, truncated, per-day hash is kept. */
	clientAddress?: string | null;
	at: Date;
}

type Row = typeof verificationLog.$inferInsert;

const FLUSH_MS = Number(process.env.VERIFY_LOG_FLUSH_MS ?? 1000);
const BATCH = Number(process.env.VERIFY_LOG_BATCH ?? 500);
const MAX_PENDING = 50_000;

let pending = new Map<string, Row>();
let timer: ReturnType<typeof setTimeout> | undefined;
let flushing: Promise<void> | undefined;
let dropped = 0;
let hashKey: Buffer | undefined;
const hashCache = new Map<string, string>();

/** HMAC(day ‖ address), 16 hex characters: not reversible, not linkable across days. */
export function clientHash(address: string, at: Date): string {
	const day = at.toISOString().slice(0, 10);
	const cacheKey = `${day}|${address}`;
	const cached = hashCache.get(cacheKey);
	if (cached) return cached;
	hashKey ??= deriveKey('verification-log-client');
	const hash = createHmac('sha256', hashKey).update(cacheKey).digest('hex').slice(0, 16);
	if (hashCache.size > 1000) hashCache.clear();
	hashCache.set(cacheKey, hash);
	return hash;
}

let shutdownHooked = false;

export function recordVerification(e: LogEntry): void {
	if (!shutdownHooked) {
		// written before the database closes (lifecycle.ts runs this before handle.close())
		onShutdown(flushVerificationLog);
		shutdownHooked = true;
	}
	countVerification(e.archiveFormId ? 'archive-form' : 'certificate', e.verdict, e.channel);
	const hash = e.clientAddress ? clientHash(e.clientAddress, e.at) : null;
	const key = [
		e.certificateId,
		e.archiveFormId,
		e.subjectNo,
		e.verdict,
		e.reason,
		e.channel,
		e.verifierOrgId,
		hash
	].join('|');
	const row = pending.get(key);
	if (row) {
		row.count = (row.count ?? 1) + 1;
		row.lastAt = e.at;
	} else {
		if (pending.size >= MAX_PENDING) {
			const oldest = pending.keys().next().value!;
			pending.delete(oldest);
			dropped++;
		}
		pending.set(key, {
			certificateId: e.certificateId ?? null,
			archiveFormId: e.archiveFormId ?? null,
			subjectNo: e.subjectNo?.slice(0, 64) ?? null,
			verdict: e.verdict,
			reason: e.reason ?? null,
			channel: e.channel,
			verifierOrgId: e.verifierOrgId ?? null,
			clientHash: hash,
			count: 1,
			firstAt: e.at,
			lastAt: e.at
		});
	}
	if (pending.size >= BATCH) void flushVerificationLog();
	else timer ??= setTimeout(() => void flushVerificationLog(), FLUSH_MS);
}

/** Writes everything buffered (one insert per batch); resolves when it is stored. */
export async function flushVerificationLog(): Promise<void> {
	if (flushing) await flushing;
	if (timer) clearTimeout(timer);
	timer = undefined;
	if (pending.size === 0) return;
	const batch = pending;
	pending = new Map();
	flushing = write(batch).finally(() => (flushing = undefined));
	await flushing;
}

async function write(batch: Map<string, Row>): Promise<void> {
	const rows = [...batch.values()];
	try {
		for (let i = 0; i < rows.length; i += 1000) {
			await db()
				.insert(verificationLog)
				.values(rows.slice(i, i + 1000));
		}
	} catch {
		logger.error({ rows: rows.length }, 'verification log rows not written, retrying later');
		for (const [k, row] of batch) if (!pending.has(k)) pending.set(k, row);
		timer ??= setTimeout(() => void flushVerificationLog(), FLUSH_MS * 5);
	}
}

/** Rows waiting to be written and rows dropped under overload (for tests and monitoring). */
export function logBacklog(): { pending: number; dropped: number } {
	return { pending: pending.size, dropped };
}

/** For tests: forget the buffer without writing it. */
export function discardVerificationLog(): void {
	if (timer) clearTimeout(timer);
	timer = undefined;
	pending = new Map();
	hashKey = undefined;
	hashCache.clear();
}

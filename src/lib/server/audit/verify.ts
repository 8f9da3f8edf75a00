import { asc, gt } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { auditLog } from '../db/schema/index.js';
import { entryHash, GENESIS } from './record.js';

export type ChainReport =
	{ ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the chain in pages and reports the first row whose hash or link does not hold. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
	let prev = GENESIS;
	let lastId = 0;
	let rows = 0;
	for (;;) {
		const page = await db
			.select()
			.from(auditLog)
			.where(gt(auditLog.id, lastId))
			.orderBy(asc(auditLog.id))
			.limit(pageSize);
		if (page.length === 0) return { ok: true, rows };
		for (const row of page) {
			rows++;
			if (row.prevHash !== prev) {
				return { ok: false, rows, brokenAt: row.id, reason: 'link to previous entry broken' };
			}
			if (entryHash(prev, row) !== row.hash) {
				return { ok: false, rows, brokenAt: row.id, reason: 'entry content altered' };
			}
			prev = row.hash;
			lastId = row.id;
		}
	}
}

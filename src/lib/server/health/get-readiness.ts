/**
 * Readiness for load balancers and orchestrators (`GET /api/v1/health`), apart from the
 * liveness ping: ready when the database answers within two seconds and holds every migration
 * this build ships (drizzle/meta/_journal.json). Says nothing about anyone's data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { rowsOf } from '../db/rows-of.js';

export interface Readiness {
	ready: boolean;
	database: 'up' | 'down';
	migrations: 'current' | 'behind' | 'unknown';
}

const TIMEOUT_MS = 2000;

/** When the newest migration of this build was made (drizzle records it as `created_at`). */
function newestMigration(): number | null {
	try {
		const journal = JSON.parse(
			readFileSync(path.resolve('drizzle', 'meta', '_journal.json'), 'utf8')
		) as { entries: { when: number }[] };
		return Math.max(...journal.entries.map((e) => e.when));
	} catch {
		return null;
	}
}

async function appliedUpTo(db: Db): Promise<number | null> {
	// The migrations table sits in the app's schema (DATABASE_SCHEMA) or drizzle's own.
	const [found] = rowsOf<{ t: string | null }>(
		await db.execute(
			sql`select coalesce(to_regclass('__drizzle_migrations'), to_regclass('drizzle.__drizzle_migrations'))::text as t`
		)
	);
	if (!found?.t) return null;
	const [row] = rowsOf<{ at: string | null }>(
		await db.execute(sql.raw(`select max(created_at)::text as at from ${found.t}`))
	);
	return row?.at ? Number(row.at) : null;
}

export async function getReadiness(db: Db): Promise<Readiness> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('database timeout')), TIMEOUT_MS);
	});
	try {
		const applied = await Promise.race([appliedUpTo(db), timeout]);
		const shipped = newestMigration();
		const migrations =
			shipped === null ? 'unknown' : applied !== null && applied >= shipped ? 'current' : 'behind';
		return { ready: migrations === 'current', database: 'up', migrations };
	} catch {
		return { ready: false, database: 'down', migrations: 'unknown' };
	} finally {
		clearTimeout(timer);
	}
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { organisations } from '../db/schema/index.js';

/**
 * True when the database holds no organisation yet. Kept apart from seed.ts so start-up can
 * ask without loading the seeding code (certificate rendering and signing).
 */
export async function isEmpty(db: Db): Promise<boolean> {
	const rows = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
	return Number(rows[0]?.n ?? 0) === 0;
}

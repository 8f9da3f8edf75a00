/**
 * Data migration: application content written before personal values were encrypted holds ID
 * and mobile numbers in clear. Reading such a row through the ORM gives the plain content and
 * writing it back seals it (schema/types.ts), in batches; recorded in data_migrations when no
 * such row is left, so later starts skip the scan. Safe to run again and on several instances.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { now } from '../clock.js';
import type { Db } from './index.js';
import { applications, dataMigrations } from './schema/index.js';
import { rowsOf } from './rows-of.js';

const NAME = 'seal-personal-content';

export async function sealPersonalContent(db: Db, batch = 500): Promise<number> {
	const [done] = await db.select().from(dataMigrations).where(eq(dataMigrations.name, NAME));
	if (done) return 0;
	let sealed = 0;
	for (;;) {
		const ids = rowsOf<{ id: string }>(
			await db.execute(
				sql`select id from applications where content::text ~ '"(idNumber|mobile)": "[^"]' limit ${batch}`
			)
		).map((r) => r.id);
		if (ids.length === 0) break;
		await db.transaction(async (tx) => {
			const rows = await tx
				.select({ id: applications.id, content: applications.content })
				.from(applications)
				.where(inArray(applications.id, ids))
				.for('update');
			for (const row of rows)
				await tx
					.update(applications)
					.set({ content: row.content })
					.where(eq(applications.id, row.id));
		});
		sealed += ids.length;
	}
	await db.insert(dataMigrations).values({ name: NAME, doneAt: now() }).onConflictDoNothing();
	return sealed;
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getReadiness } from '../../src/lib/server/health/get-readiness.js';
import { backend, freshDatabase } from '../helpers/db.js';

describe(`readiness (${backend})`, () => {
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	beforeAll(async () => {
		database = await freshDatabase();
	});
	afterAll(() => database.drop());

	const table = async () => {
		const result = (await database.db.execute(
			sql`select coalesce(to_regclass('__drizzle_migrations'), to_regclass('drizzle.__drizzle_migrations'))::text as t`
		)) as unknown as { rows?: { t: string }[] } & { t: string }[];
		return (result.rows ?? result)[0].t;
	};

	it('is ready with every migration applied', async () => {
		expect(await getReadiness(database.db)).toEqual({
			ready: true,
			database: 'up',
			migrations: 'current'
		});
	});

	it('is not ready when the newest migration of this build is missing from the database', async () => {
		const t = await table();
		const removed = await database.db.execute(
			sql.raw(
				`delete from ${t} where created_at = (select max(created_at) from ${t}) returning id, hash, created_at`
			)
		);
		const row = ((removed as unknown as { rows?: unknown[] }).rows ??
			(removed as unknown as unknown[]))[0] as { id: number; hash: string; created_at: string };
		expect(await getReadiness(database.db)).toEqual({
			ready: false,
			database: 'up',
			migrations: 'behind'
		});
		await database.db.execute(
			sql.raw(
				`insert into ${t} (id, hash, created_at) values (${Number(row.id)}, '${row.hash}', ${Number(row.created_at)})`
			)
		);
		expect((await getReadiness(database.db)).ready).toBe(true);
	});

	it('is not ready when the database is gone', async () => {
		const other = await freshDatabase();
		await other.drop();
		expect(await getReadiness(other.db)).toEqual({
			ready: false,
			database: 'down',
			migrations: 'unknown'
		});
		const { useDatabase } = await import('../../src/lib/server/db/index.js');
		useDatabase(database);
	});
});

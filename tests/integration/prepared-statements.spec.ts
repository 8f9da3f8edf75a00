import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../../src/lib/server/db/schema/index.js';
import { MAX_PREPARED_PARAMETERS } from '../../src/lib/server/db/prepared-statements.js';
import { backend, freshDatabase } from '../helpers/db.js';

/*
 * On PostgreSQL every ordinary statement is prepared once per connection and reused (parsing
 * and planning were 40 % of the server's CPU per approval); bulk statements are not, so a
 * connection keeps a bounded number of them. PGlite has no pool and nothing to prepare.
 */
describe.runIf(backend === 'postgres')('prepared statements on PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	const pool = process.env.DATABASE_POOL_SIZE;

	beforeAll(async () => {
		// One connection, so the statements it prepared are the ones pg_prepared_statements shows.
		process.env.DATABASE_POOL_SIZE = '1';
		database = await freshDatabase();
	});
	afterAll(async () => {
		if (pool === undefined) delete process.env.DATABASE_POOL_SIZE;
		else process.env.DATABASE_POOL_SIZE = pool;
		await database.drop();
	});

	const prepared = async (like: string) => {
		const rows = await database.db.execute<{ n: number }>(
			sql`select count(*)::int as n from pg_prepared_statements where statement like ${like}`
		);
		return Number((rows as unknown as { n: number }[])[0].n);
	};

	it('an ordinary query is prepared once and reused, in and out of transactions', async () => {
		const id = randomUUID();
		for (let i = 0; i < 3; i++)
			await database.db.select().from(organisations).where(eq(organisations.id, id));
		await database.db.transaction(async (tx) => {
			await tx.select().from(organisations).where(eq(organisations.id, id));
		});
		expect(await prepared('select %from "organisations" where "organisations"."id" = $1%')).toBe(1);
	});

	it('a bulk statement with many parameters is not kept', async () => {
		const rows = Array.from({ length: MAX_PREPARED_PARAMETERS }, (_, i) => ({
			type: 'supervisor' as const,
			name: `主管部门${i}`,
			tier: 'city' as const,
			status: 'active' as const
		}));
		await database.db.insert(organisations).values(rows);
		expect(await prepared('insert into "organisations"%')).toBe(0);
	});
});

describe.runIf(backend === 'postgres')(
	'DATABASE_PREPARE=false (PgBouncer in transaction mode)',
	() => {
		let database: Awaited<ReturnType<typeof freshDatabase>>;
		const saved = { pool: process.env.DATABASE_POOL_SIZE, prepare: process.env.DATABASE_PREPARE };

		beforeAll(async () => {
			process.env.DATABASE_POOL_SIZE = '1';
			process.env.DATABASE_PREPARE = 'false';
			database = await freshDatabase();
		});
		afterAll(async () => {
			for (const [key, value] of [
				['DATABASE_POOL_SIZE', saved.pool],
				['DATABASE_PREPARE', saved.prepare]
			] as const)
				if (value === undefined) delete process.env[key];
				else process.env[key] = value;
			await database.drop();
		});

		it('prepares no statement at all', async () => {
			const id = randomUUID();
			for (let i = 0; i < 3; i++)
				await database.db.select().from(organisations).where(eq(organisations.id, id));
			const rows = await database.db.execute<{ n: number }>(
				sql`select count(*)::int as n from pg_prepared_statements`
			);
			expect(Number((rows as unknown as { n: number }[])[0].n)).toBe(0);
		});
	}
);

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from './index.js';
import { templateKey } from './template-key.js';

/**
 * A first start on an empty data directory unpacks the build's migrated template instead of
 * running initdb and the migrations — but only a template made from these migrations by this
 * PGlite. The test template carries a marker table, so it shows whether it was used.
 */
describe('embedded database from the build template', () => {
	let dir: string;
	const journal = JSON.parse(
		readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')
	).entries as unknown[];

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'zc-template-'));
		const client = await PGlite.create('memory://');
		await migrate(drizzle({ client }), { migrationsFolder });
		await client.exec('create table template_marker (id int)');
		const tar = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
		await client.close();
		writeFileSync(path.join(dir, 'pglite-template.tar.gz'), tar);
		process.env.PGLITE_TEMPLATE = path.join(dir, 'pglite-template.tar.gz');
	}, 60_000);
	afterAll(() => {
		delete process.env.PGLITE_TEMPLATE;
		rmSync(dir, { recursive: true, force: true });
	});

	async function open(stampKey: string, dataDir: string) {
		writeFileSync(path.join(dir, 'pglite-template.json'), JSON.stringify({ key: stampKey }));
		const handle = await openDatabase({ dataDir });
		const count = async (query: SQL) =>
			((await handle.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0].n;
		try {
			return {
				usedTemplate:
					(await count(
						sql`select count(*)::int as n from information_schema.tables where table_name = 'template_marker'`
					)) === 1,
				migrations: await count(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
				users: await count(sql`select count(*)::int as n from users`)
			};
		} finally {
			await handle.close();
		}
	}

	it('a matching template is unpacked into an empty directory, migrated and empty', async () => {
		const result = await open(templateKey(), path.join(dir, 'fresh'));
		expect(result).toEqual({ usedTemplate: true, migrations: journal.length, users: 0 });
	}, 60_000);

	it('a template made from other migrations or another PGlite is not used', async () => {
		const result = await open('0'.repeat(64), path.join(dir, 'other'));
		expect(result).toEqual({ usedTemplate: false, migrations: journal.length, users: 0 });
	}, 60_000);

	it('an existing database is opened as it is, never overwritten by the template', async () => {
		const dataDir = path.join(dir, 'fresh');
		const handle = await openDatabase({ dataDir });
		await handle.db.execute(sql`drop table template_marker`);
		await handle.close();
		const result = await open(templateKey(), dataDir);
		expect(result.usedTemplate).toBe(false);
	}, 60_000);
});

import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from '../../src/lib/server/crypto/pii.js';
import { db } from '../../src/lib/server/db/index.js';
import { users } from '../../src/lib/server/db/schema/index.js';
import { seedDemo } from '../../src/lib/server/demo/seed.js';
import { backend, freshDatabase } from '../helpers/db.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
	handle = await freshDatabase();
	await seedDemo(db());
}, 180_000);
afterAll(async () => handle?.drop());

function rowsOf<T>(result: unknown): T[] {
	const r = result as { rows?: T[] } & T[];
	return r.rows ?? r;
}

/** Every table of the database as text: pg_dump on PostgreSQL, every row on PGlite. */
async function dumpEverything(): Promise<string> {
	if (backend === 'postgres') {
		const schema = rowsOf<{ s: string }>(await db().execute(sql`select current_schema() as s`))[0]
			.s;
		return execFileSync('pg_dump', ['--data-only', '-n', schema, process.env.TEST_DATABASE_URL!], {
			maxBuffer: 512 * 1024 * 1024
		}).toString('utf8');
	}
	const tables = rowsOf<{ t: string }>(
		await db().execute(
			sql`select table_schema || '.' || table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`
		)
	);
	let out = '';
	for (const { t } of tables) {
		const [s, n] = t.split('.');
		const rows = rowsOf<Record<string, unknown>>(
			await db().execute(sql.raw(`select * from "${s}"."${n}"`))
		);
		out += `-- ${t}\n${rows.map((r) => JSON.stringify(r, (_, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))).join('\n')}\n`;
	}
	return out;
}

describe(`a dump of the whole database holds no ID or mobile number in clear (${backend})`, () => {
	it('after the demo seed (applications, drafts, certificates, notices, credit records, jobs)', async () => {
		const people = await db().select().from(users);
		const secrets = people.flatMap((u) =>
			[u.idNumberEnc, u.mobileEnc].filter((v): v is string => !!v).map(decrypt)
		);
		expect(secrets.length).toBeGreaterThan(6);
		const dump = await dumpEverything();
		expect(dump.length).toBeGreaterThan(10_000);
		// In clear, and in the encodings a value takes in a dump or a JSON field: hex (bytea),
		// base64 and base64url (without padding, so also inside a longer encoded string's start).
		const forms = (s: string) => {
			const bytes = Buffer.from(s, 'utf8');
			return [
				s,
				s.toLowerCase(),
				bytes.toString('hex'),
				bytes.toString('base64').replace(/=+$/, ''),
				bytes.toString('base64url')
			];
		};
		const found = secrets.filter((s) => forms(s).some((f) => dump.includes(f)));
		expect(found.map((s) => `${s.slice(0, 4)}…${s.slice(-2)}`)).toEqual([]);
	});
});

describe(`rows from before the encryption (${backend})`, () => {
	it('are sealed once by the data migration, and read back the same', async () => {
		const [app] = rowsOf<{ id: string }>(
			await db().execute(sql`select id from applications limit 1`)
		);
		const { applications, dataMigrations } =
			await import('../../src/lib/server/db/schema/index.js');
		const { eq } = await import('drizzle-orm');
		const [before] = await db().select().from(applications).where(eq(applications.id, app.id));
		const idNumber = (before.content as { personal?: { idNumber?: string } }).personal?.idNumber;
		expect(idNumber).toMatch(/^\d{17}[\dX]$/);
		// As the old code wrote it: plain jsonb, bypassing the column type.
		await db().execute(
			sql`update applications set content = ${JSON.stringify(before.content)}::jsonb where id = ${app.id}`
		);
		await db().delete(dataMigrations);
		expect(await dumpEverything()).toContain(idNumber);
		const { sealPersonalContent } =
			await import('../../src/lib/server/db/seal-personal-content.js');
		expect(await sealPersonalContent(db())).toBe(1);
		expect(await dumpEverything()).not.toContain(idNumber);
		const [after] = await db().select().from(applications).where(eq(applications.id, app.id));
		expect(after.content).toEqual(before.content);
		expect(await sealPersonalContent(db())).toBe(0); // recorded: not scanned again
	});
});

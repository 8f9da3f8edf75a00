import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/lib/server/audit/record.js';
import { sequenceAuditLog } from '../../src/lib/server/audit/sequence-audit-log.js';
import { publishTreeHead } from '../../src/lib/server/audit/tree-head.js';
import { resetMasterKeyCache } from '../../src/lib/server/crypto/master-key.js';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/index.js';
import { backend } from '../helpers/db.js';

const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

/** A database of its own (a PGlite directory, or a PostgreSQL schema) the CLI can open. */
async function ownDatabase(): Promise<{ handle: DatabaseHandle; env: Record<string, string> }> {
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const schema = `cli_${randomBytes(5).toString('hex')}`;
		const handle = await openDatabase({ url, pgSchema: schema });
		cleanups.push(async () => {
			const admin = postgres(url, { max: 1, onnotice: () => {} });
			await admin.unsafe(`drop schema if exists "${schema}" cascade`);
			await admin.end();
		});
		return { handle, env: { DATABASE_URL: url, DATABASE_SCHEMA: schema } };
	}
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-audit-'));
	cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
	const handle = await openDatabase({ dataDir: path.join(dir, 'pg') });
	return { handle, env: { DATA_DIR: dir, DATABASE_URL: '' } };
}

const masterKey = randomBytes(32).toString('base64');

async function cli(
	env: Record<string, string>,
	args: string[] = []
): Promise<{ code: number; out: string }> {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			['node_modules/tsx/dist/cli.mjs', 'scripts/audit-verify.ts', ...args],
			{
				env: { ...process.env, MASTER_KEY: masterKey, AUDIT_HEAD_LOG: 'false', ...env }
			}
		);
		return { code: 0, out: stdout + stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, out: err.stdout + err.stderr };
	}
}

describe(`npm run audit:verify (${backend})`, () => {
	it('passes an intact log and reports the first entry a superuser edited, and a truncated tail against the head file', async () => {
		const saved = process.env.MASTER_KEY;
		process.env.MASTER_KEY = masterKey;
		resetMasterKeyCache();
		const { handle, env } = await ownDatabase();
		const headFile = path.join(mkdtempSync(path.join(tmpdir(), 'zc-heads-')), 'heads.jsonl');
		for (let i = 0; i < 6; i++)
			await recordAudit(handle.db, { action: `test.step${i}`, result: 'ok', detail: { i } });
		publishTreeHead((await sequenceAuditLog(handle.db, { publish: false })).head!, headFile);
		await recordAudit(handle.db, { action: 'test.waiting', result: 'ok' });
		process.env.MASTER_KEY = saved;
		resetMasterKeyCache();
		await handle.close();
		const intact = await cli(env, ['--head', headFile]);
		expect(intact.out).toContain('intact: 7 entries verified, tree size 6, 1 waiting');
		expect(intact.code).toBe(0);

		const reopen = () =>
			openDatabase(
				env.DATABASE_URL
					? { url: env.DATABASE_URL, pgSchema: env.DATABASE_SCHEMA }
					: { dataDir: path.join(env.DATA_DIR, 'pg') }
			);
		let again = await reopen();
		const superuser = async (statement: string) => {
			await again.db.execute(sql.raw('alter table audit_log disable trigger user'));
			await again.db.execute(sql.raw('alter table audit_tree_heads disable trigger user'));
			await again.db.execute(sql.raw(statement));
			await again.db.execute(sql.raw('alter table audit_log enable trigger user'));
			await again.db.execute(sql.raw('alter table audit_tree_heads enable trigger user'));
		};
		await superuser(`update audit_log set detail = '{"i": 99}' where seq = 3`);
		const [{ id }] = (
			(await again.db.execute(sql.raw('select id from audit_log where seq = 3'))) as unknown as {
				rows?: { id: number }[];
			} & { id: number }[]
		).rows ?? [{ id: -1 }];
		// The embedded database is single-instance: closed while the command has it open.
		await again.close();
		const edited = await cli(env, ['--head', headFile]);
		again = await reopen();
		expect(edited.code).toBe(1);
		expect(edited.out).toContain('BROKEN at position 3');
		if (id !== -1) expect(edited.out).toContain(`entry id ${id}`);

		// Restore, then cut the tail of both the entries and the heads in the database.
		await superuser(`update audit_log set detail = '{"i": 3}' where seq = 3`);
		await superuser('delete from audit_log where seq >= 4');
		await superuser('delete from audit_tree_heads');
		await again.close();
		expect((await cli(env)).code).toBe(0); // the database alone cannot tell
		const cut = await cli(env, ['--head', headFile]);
		expect(cut.code).toBe(1);
		expect(cut.out).toContain('BROKEN at position 4');
		expect(cut.out).toContain('truncated');
	}, 120_000);
});

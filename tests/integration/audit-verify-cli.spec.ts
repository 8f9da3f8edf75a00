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

async function cli(env: Record<string, string>): Promise<{ code: number; out: string }> {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			['node_modules/tsx/dist/cli.mjs', 'scripts/audit-verify.ts'],
			{
				env: { ...process.env, MASTER_KEY: randomBytes(32).toString('base64'), ...env }
			}
		);
		return { code: 0, out: stdout + stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, out: err.stdout + err.stderr };
	}
}

describe(`npm run audit:verify (${backend})`, () => {
	it('passes an intact chain and reports the first row a superuser edited behind its back', async () => {
		const { handle, env } = await ownDatabase();
		for (let i = 0; i < 6; i++)
			await recordAudit(handle.db, { action: `test.step${i}`, result: 'ok', detail: { i } });
		await handle.close();
		const intact = await cli(env);
		expect(intact.code).toBe(0);
		expect(intact.out).toContain('intact: 6 entries');

		const again = await openDatabase(
			env.DATABASE_URL
				? { url: env.DATABASE_URL, pgSchema: env.DATABASE_SCHEMA }
				: { dataDir: path.join(env.DATA_DIR, 'pg') }
		);
		await again.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
		await again.db.execute(sql`update audit_log set detail = '{"i": 99}' where id = 4`);
		await again.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
		await again.close();
		const broken = await cli(env);
		expect(broken.code).toBe(1);
		expect(broken.out).toContain('BROKEN at entry id 4');
	});
});

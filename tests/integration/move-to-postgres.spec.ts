/*
 * `npm run db:move-to-postgres` (issue 15 point 6), the whole way: a demo embedded installation
 * (seeded by the app's own seed, in a data directory of its own) is moved into a fresh PostgreSQL
 * schema; the row counts match, the audit log verifies there, and the built server started with
 * DATABASE_URL and the printed MASTER_KEY signs in the same demo accounts and gives a demo
 * certificate the same verdict as the embedded one. A non-empty target and a running embedded
 * installation are refused, with nothing written.
 *
 * PostgreSQL pass only (it needs a server to move to).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/index.js';
import { rowsOf } from '../../src/lib/server/db/rows-of.js';
import { sql as drizzleSql } from 'drizzle-orm';

const url = process.env.TEST_DATABASE_URL;
const PASSWORD = 'Liuzhou@2026';
const TABLES = [
	'users',
	'organisations',
	'applications',
	'attachments',
	'certificates',
	'audit_log'
];

function tsx(args: string[], env: Record<string, string>) {
	return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', ...args], {
		env: { ...process.env, DATABASE_URL: '', DATABASE_SCHEMA: '', ...env },
		encoding: 'utf8',
		timeout: 240_000
	});
}

describe.skipIf(!url)('moving the embedded database to PostgreSQL', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-move-'));
	const schema = `move_${randomBytes(4).toString('hex')}`;
	const sql = postgres(url ?? 'postgres://unused', { max: 1, onnotice: () => {} });
	let moved: ReturnType<typeof tsx>;
	const before: Record<string, number> = {};
	let token = '';
	let server: ChildProcess | undefined;

	beforeAll(async () => {
		// A demo installation, made the way `npm start` makes one (the demo seed), then stopped.
		const seeded = tsx(['scripts/certificate-sample.ts', path.join(dir, 'sample.pdf')], {
			DATA_DIR: dir
		});
		expect(seeded.status, seeded.stderr).toBe(0);
		const source = await openDatabase({ dataDir: path.join(dir, 'pg'), migrate: false });
		for (const t of TABLES)
			before[t] = rowsOf<{ n: number }>(
				await source.db.execute(drizzleSql.raw(`select count(*)::int as n from "${t}"`))
			)[0].n;
		token = rowsOf<{ token: string }>(
			await source.db.execute(drizzleSql.raw(`select token from certificates limit 1`))
		)[0].token;
		await source.close();
		moved = tsx(['scripts/db-move-to-postgres.ts', url!, '--schema', schema], { DATA_DIR: dir });
	}, 300_000);

	afterAll(async () => {
		// The server must be gone before its schema is dropped (its connections hold locks).
		if (server && server.exitCode === null) {
			const exited = new Promise((r) => server!.once('exit', r));
			server.kill();
			await exited;
		}
		await sql.unsafe(`drop schema if exists "${schema}" cascade`);
		await sql.unsafe(`drop schema if exists "${schema}_jobs" cascade`);
		await sql.end();
		rmSync(dir, { recursive: true, force: true });
	});

	it('copies every row, verifies the audit log and prints the MASTER_KEY', async () => {
		expect(moved.status, moved.stderr + moved.stdout).toBe(0);
		expect(moved.stdout).toMatch(/行数一致/);
		expect(moved.stdout).toMatch(/审计日志 \d+ 条校验通过/);
		expect(moved.stdout).toMatch(/^MASTER_KEY=[A-Za-z0-9+/]{43}=$/m);
		for (const t of TABLES) {
			const [r] = await sql.unsafe<{ n: number }[]>(
				`select count(*)::int as n from "${schema}"."${t}"`
			);
			expect(r.n, t).toBe(before[t]);
			expect(r.n, t).toBeGreaterThan(0);
		}
		// Sequences continue after the copied ids (a new audit entry would not collide).
		const [seq] = await sql.unsafe<{ next: string; max: string }[]>(
			`select nextval(pg_get_serial_sequence('"${schema}".audit_log', 'id'))::text as next,
			        (select max(id) from "${schema}".audit_log)::text as max`
		);
		expect(BigInt(seq.next)).toBeGreaterThan(BigInt(seq.max));
	});

	it('refuses a target that is not empty, and a running embedded installation', async () => {
		const again = tsx(['scripts/db-move-to-postgres.ts', url!, '--schema', schema], {
			DATA_DIR: dir
		});
		expect(again.status).toBe(1);
		expect(again.stderr).toMatch(/不是空的/);
		// A process holds the embedded database: its pid is in the lock file and alive.
		const other = spawn('sleep', ['30']);
		writeFileSync(path.join(dir, 'pg.lock'), String(other.pid));
		const fresh = `${schema}_b`;
		try {
			const running = tsx(['scripts/db-move-to-postgres.ts', url!, '--schema', fresh], {
				DATA_DIR: dir
			});
			expect(running.status).toBe(1);
			expect(running.stderr).toMatch(/请先停止应用/);
			const [r] = await sql<{ n: number }[]>`
				select count(*)::int as n from information_schema.tables where table_schema = ${fresh}`;
			expect(r.n).toBe(0);
		} finally {
			other.kill();
			await new Promise((r) => other.once('exit', r));
			await sql.unsafe(`drop schema if exists "${fresh}" cascade`);
		}
		const usage = tsx(['scripts/db-move-to-postgres.ts', 'not-a-url'], { DATA_DIR: dir });
		expect(usage.status).toBe(2);
		expect(usage.stderr).toMatch(/用法/);
	});

	it('the app on PostgreSQL signs in the same accounts and gives the same verdict', async () => {
		const masterKey = /^MASTER_KEY=(.+)$/m.exec(moved.stdout)![1];
		const port = 4300 + Math.floor(Math.random() * 80);
		const log: string[] = [];
		server = spawn(process.execPath, ['scripts/serve.js'], {
			env: {
				...process.env,
				DATABASE_URL: url!,
				DATABASE_SCHEMA: schema,
				JOBS_SCHEMA: `${schema}_jobs`,
				MASTER_KEY: masterKey,
				SEED_DEMO: 'false',
				PORT: String(port),
				HOST: '127.0.0.1',
				JOBS_START_DELAY_MS: '0'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		server.stdout!.on('data', (d) => log.push(String(d)));
		server.stderr!.on('data', (d) => log.push(String(d)));
		const origin = `http://127.0.0.1:${port}`;
		for (const started = Date.now(); ;) {
			if (server.exitCode !== null) throw new Error(`server exited: ${log.join('').slice(-2000)}`);
			if (Date.now() - started > 120_000) throw new Error('server did not start');
			if ((await fetch(`${origin}/api/v1/health`).catch(() => null))?.status === 200) break;
			await new Promise((r) => setTimeout(r, 250));
		}
		for (const identifier of ['city', 'emp.liugang', '13807720001']) {
			const res = await fetch(`${origin}/login`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					accept: 'text/html',
					origin,
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ identifier, password: PASSWORD })
			});
			expect(res.status, identifier).toBe(303);
		}
		const verdict = await (await fetch(`${origin}/api/v1/verify/${token}`)).json();
		expect(verdict.verdict).toBe('valid');
	}, 180_000);
});

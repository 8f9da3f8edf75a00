/**
 * Behind PgBouncer in transaction mode (README, "Deploying on PostgreSQL"): with
 * DATABASE_PREPARE=false the app's reads, writes and transactions work through the pooler,
 * concurrently, and migrations take their session-level advisory lock on DATABASE_DIRECT_URL.
 * A real PgBouncer (Debian's package) is started on a free loopback port over its own database.
 * Outside CI a missing pgbouncer skips this loudly; in CI it fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/index.js';
import { organisations } from '../../src/lib/server/db/schema/index.js';
import { checkTools, findTool } from '../fixtures/certificates/tools.js';
import { backend } from '../helpers/db.js';

const PATH = `${process.env.PATH ?? ''}:/usr/sbin`;
const tool = checkTools(['pgbouncer'], { ...process.env, PATH }, 'PGBOUNCER TEST');
if (tool.line && backend === 'postgres') console.error(`\n${tool.line}\n`);

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

describe.runIf(backend === 'postgres' && tool.verdict !== 'skip')(
	'behind PgBouncer in transaction mode',
	() => {
		// (Collected on PGlite too, where the suite is skipped: no URL there.)
		const direct = new URL(
			process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
		);
		const name = `zc_bouncer_${randomBytes(4).toString('hex')}`;
		let admin: ReturnType<typeof postgres>;
		let dir: string;
		let bouncer: ChildProcess;
		let handle: DatabaseHandle;
		const saved = {
			prepare: process.env.DATABASE_PREPARE,
			direct: process.env.DATABASE_DIRECT_URL,
			pool: process.env.DATABASE_POOL_SIZE
		};

		beforeAll(async () => {
			admin = postgres(direct.href, { max: 1, onnotice: () => {} });
			await admin.unsafe(`create database ${name}`);
			const port = await freePort();
			dir = mkdtempSync(join(tmpdir(), 'zc-pgbouncer-'));
			chmodSync(dir, 0o777);
			writeFileSync(join(dir, 'users.txt'), `"${direct.username || 'postgres'}" ""\n`);
			writeFileSync(
				join(dir, 'pgbouncer.ini'),
				[
					'[databases]',
					`${name} = host=${direct.hostname} port=${direct.port || 5432} dbname=${name}`,
					'[pgbouncer]',
					'listen_addr = 127.0.0.1',
					`listen_port = ${port}`,
					'auth_type = trust',
					`auth_file = ${join(dir, 'users.txt')}`,
					'pool_mode = transaction',
					'default_pool_size = 3',
					'max_client_conn = 100',
					`unix_socket_dir =`,
					`logfile = ${join(dir, 'pgbouncer.log')}`
				].join('\n')
			);
			const binary = findTool('pgbouncer', PATH)!;
			// PgBouncer refuses to run as root: as root, run it as the postgres user.
			const asRoot = userInfo().uid === 0;
			if (asRoot) spawnSync('chown', ['-R', 'postgres', dir]);
			bouncer = asRoot
				? spawn('runuser', ['-u', 'postgres', '--', binary, join(dir, 'pgbouncer.ini')], {
						stdio: 'ignore'
					})
				: spawn(binary, [join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
			const pooled = new URL(direct.href);
			pooled.port = String(port);
			pooled.pathname = `/${name}`;
			const target = new URL(direct.href);
			target.pathname = `/${name}`;
			for (let i = 0; i < 50; i++) {
				const probe = postgres(pooled.href, { max: 1, prepare: false, connect_timeout: 1 });
				const ok = await probe`select 1`.then(
					() => true,
					() => false
				);
				await probe.end({ timeout: 1 });
				if (ok) break;
				await new Promise((r) => setTimeout(r, 100));
			}
			process.env.DATABASE_PREPARE = 'false';
			process.env.DATABASE_DIRECT_URL = target.href;
			process.env.DATABASE_POOL_SIZE = '8';
			handle = await openDatabase({ url: pooled.href });
		}, 60_000);

		afterAll(async () => {
			await handle?.close();
			bouncer?.kill('SIGTERM');
			await new Promise((r) => setTimeout(r, 300));
			await admin?.unsafe(`drop database if exists ${name} with (force)`);
			await admin?.end();
			if (dir) rmSync(dir, { recursive: true, force: true });
			for (const [key, value] of [
				['DATABASE_PREPARE', saved.prepare],
				['DATABASE_DIRECT_URL', saved.direct],
				['DATABASE_POOL_SIZE', saved.pool]
			] as const)
				if (value === undefined) delete process.env[key];
				else process.env[key] = value;
		});

		it('migrated through the direct connection, then reads, writes and 40 concurrent transactions pass through the pooler', async () => {
			const migrated = await handle.db.execute<{ n: number }>(
				sql`select count(*)::int as n from drizzle.__drizzle_migrations`
			);
			expect(Number((migrated as unknown as { n: number }[])[0].n)).toBeGreaterThan(5);
			// 40 clients over 3 server connections: every transaction commits whole.
			await Promise.all(
				Array.from({ length: 40 }, (_, i) =>
					handle.db.transaction(async (tx) => {
						const [org] = await tx
							.insert(organisations)
							.values({ type: 'supervisor', name: `主管部门${i}`, tier: 'city', status: 'active' })
							.returning({ id: organisations.id });
						const [back] = await tx
							.select({ name: organisations.name })
							.from(organisations)
							.where(eq(organisations.id, org.id));
						expect(back.name).toBe(`主管部门${i}`);
					})
				)
			);
			const rows = await handle.db
				.select({ id: organisations.id })
				.from(organisations)
				.where(eq(organisations.type, 'supervisor'));
			expect(rows.length).toBe(40);
			// The same statement again and again, as the app sends it: nothing prepared to go stale.
			for (let i = 0; i < 20; i++)
				await handle.db.select().from(organisations).where(eq(organisations.id, randomUUID()));
		});
	}
);

/*
 * Two app instances on one PostgreSQL database, as a cluster behind a load balancer runs them:
 * the built server (`node scripts/serve.js` over adapter-node's build) started twice with the
 * same DATABASE_URL, schema and MASTER_KEY on two ports, each addressed directly with the
 * headers a TLS-terminating load balancer sets (TRUST_PROXY=true, one public host). A session
 * made on one works on the other, a batch started on one shows its progress on the other, a
 * revocation on one is the verdict on the other within one status poll, both serve the same
 * stored status list, and the periodic jobs run once per cluster.
 *
 * PostgreSQL only: the embedded database (PGlite) is single-instance — a second process on its
 * data directory is refused, which the last block proves on either backend.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseDevalue } from 'devalue';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/index.js';
import { backend } from '../helpers/db.js';

const PUBLIC_HOST = 'zc.cluster.test';
const PUBLIC_ORIGIN = `http://${PUBLIC_HOST}`;
/** The status poll of each instance (README: a change is seen within one poll). */
const POLL_MS = 1000;
const PASSWORD = 'Liuzhou@2026';

interface Instance {
	name: string;
	origin: string;
	child: ChildProcess;
	log: string[];
}

/** A browser behind the load balancer: one cookie jar, every request to the instance given. */
class Client {
	cookies = new Map<string, string>();

	async request(to: Instance, pathname: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		headers.set('x-forwarded-proto', 'http');
		headers.set('x-forwarded-host', PUBLIC_HOST);
		headers.set('x-forwarded-for', '203.0.113.7');
		if (init.method && init.method !== 'GET') headers.set('origin', PUBLIC_ORIGIN);
		if (this.cookies.size)
			headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		const response = await fetch(`${to.origin}${pathname}`, {
			...init,
			headers,
			redirect: 'manual'
		});
		for (const c of response.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const eq = pair.indexOf('=');
			const value = pair.slice(eq + 1);
			if (value && !/max-age=0/i.test(c)) this.cookies.set(pair.slice(0, eq), value);
			else this.cookies.delete(pair.slice(0, eq));
		}
		return response;
	}

	/** A SvelteKit form action as an enhanced form sends it; answers the action's data. */
	async action(to: Instance, pathname: string, fields: Record<string, string>) {
		const response = await this.request(to, pathname, {
			method: 'POST',
			headers: {
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields)
		});
		const body = (await response.json()) as { type: string; data?: string };
		if (body.type !== 'success') throw new Error(`action ${pathname}: ${JSON.stringify(body)}`);
		return parseDevalue(body.data!) as Record<string, unknown>;
	}
}

describe.skipIf(backend !== 'postgres')(
	'two instances on one PostgreSQL database (skipped on PGlite: the embedded database is single-instance)',
	() => {
		const url = process.env.TEST_DATABASE_URL!;
		const schema = `t2i_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
		const jobsSchema = `${schema}_jobs`;
		const masterKey = randomBytes(32).toString('base64');
		let sql: postgres.Sql;
		let a: Instance;
		let b: Instance;
		const staff = new Client();

		beforeAll(async () => {
			ensureBuild();
			sql = postgres(url, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
			await sql.unsafe(`create schema "${schema}"`);
			// The first instance migrates and seeds the empty database; the second finds it ready.
			a = await startInstance('A', { SEED_DEMO: 'true' });
			b = await startInstance('B', { SEED_DEMO: 'false' });
			const signedIn = await staff.request(a, '/login', {
				method: 'POST',
				headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ identifier: 'city', password: PASSWORD })
			});
			expect(signedIn.status).toBe(303);
			// The start-up publicity run (one for the cluster) has ended the seeded due publicity,
			// so the applications awaiting conferral are settled before the batch below counts them.
			await waitUntil(
				async () =>
					(await publicityJobs()).some(
						(j) => j.singleton_key === 'start-up' && j.state === 'completed'
					),
				60_000
			);
		}, 300_000);

		const publicityJobs = () =>
			sql.unsafe<
				{
					state: string;
					singleton_key: string | null;
					slot: string | null;
					retry_count: number;
					output: { pid?: number; completed?: number } | null;
				}[]
			>(
				`select state, singleton_key, singleton_on::text as slot, retry_count, output
				 from "${jobsSchema}".job where name = 'publicity-complete'`
			);

		afterAll(async () => {
			await Promise.all([a, b].filter(Boolean).map(stopInstance));
			if (sql) {
				await sql.unsafe(`drop schema if exists "${schema}" cascade`);
				await sql.unsafe(`drop schema if exists "${jobsSchema}" cascade`);
				await sql.end();
			}
		});

		async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
			const port = await freePort(name === 'A' ? 0 : 1);
			const child = spawn(process.execPath, ['scripts/serve.js'], {
				env: {
					...process.env,
					DATABASE_URL: url,
					DATABASE_SCHEMA: schema,
					JOBS_SCHEMA: jobsSchema,
					MASTER_KEY: masterKey,
					PORT: String(port),
					HOST: '127.0.0.1',
					TRUST_PROXY: 'true',
					JOBS_START_DELAY_MS: '0',
					VERIFY_STATUS_POLL_MS: String(POLL_MS),
					// every 10 s, so the test sees scheduled runs within a minute or two
					PUBLICITY_CRON: '*/10 * * * * *',
					SIGN_IN_LIMIT_PER_IP: '500',
					...env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			const log: string[] = [];
			child.stdout!.on('data', (d) => log.push(String(d)));
			child.stderr!.on('data', (d) => log.push(String(d)));
			const instance = { name, origin: `http://127.0.0.1:${port}`, child, log };
			for (const started = Date.now(); ;) {
				if (child.exitCode !== null)
					throw new Error(`instance ${name} exited: ${log.join('').slice(-2000)}`);
				if (Date.now() - started > 180_000) throw new Error(`instance ${name} did not start`);
				const health = await fetch(`${instance.origin}/api/v1/health`).catch(() => null);
				if (health?.status === 200) break;
				await new Promise((r) => setTimeout(r, 250));
			}
			return instance;
		}

		it('a session made on one instance is the same session on the other', async () => {
			// Signed in on A (beforeAll); the city office's pages open on B.
			const page = await staff.request(b, '/admin/certificates');
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('撤销');
			// A stranger's request to B is sent to the sign-in page.
			const stranger = await new Client().request(b, '/admin/certificates');
			expect(stranger.status).toBe(303);
			expect(stranger.headers.get('location')).toMatch(/^\/login/);
		});

		it('a batch issuance started on one instance shows its progress on the other', async () => {
			const [{ n }] = await sql<{ n: number }[]>`
				select count(*)::int as n from applications where state = 'awaitingConferral'`;
			expect(n).toBeGreaterThan(0);
			const started = await staff.action(b, '/admin/certificates/batches?/start', {
				documentNumber: '柳职改字〔2026〕99号',
				conferredOn: '2026-03-01'
			});
			const batchId = String(started.started);
			expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
			const progress = async () => {
				const r = await staff.request(a, `/admin/certificates/batches/${batchId}/progress`);
				expect(r.status).toBe(200);
				return (await r.json()) as { status: string; total: number; done: number };
			};
			expect((await progress()).total).toBe(n);
			await expect.poll(async () => (await progress()).status, { timeout: 60_000 }).toBe('done');
			expect(await progress()).toMatchObject({ total: n, done: n });
		});

		it('a revocation on one instance is the verdict on the other within one status poll', async () => {
			const [cert] = await sql<{ id: string; token: string; certificate_no: string }[]>`
				select id, token, certificate_no from certificates where status = 'valid'
				order by created_at desc limit 1`;
			const verdict = async (on: Instance) => {
				const r = await new Client().request(on, `/api/v1/verify/${cert.token}`);
				return ((await r.json()) as { verdict: string }).verdict;
			};
			expect(await verdict(b)).toBe('valid');
			await staff.action(a, '/admin/certificates?/revoke', {
				certificateId: cert.id,
				reason: '证书信息有误，依法撤销'
			});
			const revokedAt = Date.now();
			// Documented: within VERIFY_STATUS_POLL_MS (plus the refresh query); slack for a busy machine.
			await expect
				.poll(() => verdict(b), { timeout: POLL_MS + 4000, interval: 100 })
				.toBe('revoked');
			console.info(`[two-instances] revocation seen on B after ${Date.now() - revokedAt} ms`);
			expect(await verdict(a)).toBe('revoked');
		});

		it('both instances serve the one stored status list: same bytes, iat and ETag', async () => {
			const client = new Client();
			const get = async (on: Instance) => {
				const r = await client.request(on, '/api/v1/status-list');
				expect(r.status).toBe(200);
				const jws = await r.text();
				const claims = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()) as {
					iat: number;
					iss: string;
				};
				return { etag: r.headers.get('etag'), iat: claims.iat, iss: claims.iss, jws };
			};
			const fromA = await get(a);
			// A second later, so that a list built per instance would carry another iat.
			await new Promise((r) => setTimeout(r, 1100));
			const fromB = await get(b);
			expect(fromA.iss).toBe(PUBLIC_ORIGIN);
			expect(fromB).toEqual(fromA);
			const cached = await client.request(b, '/api/v1/status-list', {
				headers: { 'if-none-match': fromA.etag! }
			});
			expect(cached.status).toBe(304);
			const rows = await sql`select origin, iat, etag from status_lists`;
			expect(rows).toEqual([{ origin: PUBLIC_ORIGIN, iat: fromA.iat, etag: fromA.etag }]);
		});

		it('periodic jobs are pg-boss schedules that run once per cluster, not once per instance', async () => {
			const schedules = await sql.unsafe(
				`select name, cron from "${jobsSchema}".schedule order by name`
			);
			// Both instances registered them; each is one schedule.
			expect(schedules).toEqual([
				{ name: 'publicity-complete', cron: '*/10 * * * * *' },
				{ name: 'sms-rescue', cron: '* * * * *' },
				{ name: 'sweep-expired', cron: '*/15 * * * *' }
			]);
			const jobs = publicityJobs;
			// Wait for scheduled (cron) runs: pg-boss files them from its cron pass (every 30 s).
			const cronJobs = async () => (await jobs()).filter((j) => j.singleton_key === null);
			await expect
				.poll(async () => (await cronJobs()).filter((j) => j.state === 'completed').length, {
					timeout: 150_000,
					interval: 2000
				})
				.toBeGreaterThanOrEqual(1);
			const all = await jobs();
			// The start-up run: both instances asked for it, one job was made.
			expect(all.filter((j) => j.singleton_key === 'start-up')).toHaveLength(1);
			// Each occurrence was filed once for the cluster (pg-boss's send-it job, one per slot)
			// and gave one job: with a timer per instance there would be a run per instance.
			const filed = await sql.unsafe<{ slot: string }[]>(
				`select data->>'slot' as slot from "${jobsSchema}".job
				 where name = '__pgboss__send-it' and data->>'name' = 'publicity-complete'`
			);
			expect(new Set(filed.map((f) => f.slot)).size).toBe(filed.length);
			expect((await cronJobs()).length).toBeLessThanOrEqual(filed.length);
			expect((await cronJobs()).length).toBeGreaterThanOrEqual(filed.length - 1);
			const pids = [a.child.pid, b.child.pid];
			for (const job of all.filter((j) => j.state === 'completed')) {
				expect(job.retry_count).toBe(0);
				expect(pids).toContain(job.output?.pid);
			}
			// The seeded evaluation whose publicity was due was ended once, by one run.
			const completed = all.map((j) => j.output?.completed ?? 0);
			expect(completed.reduce((x, y) => x + y, 0)).toBe(1);
		}, 180_000);
	}
);

describe('the embedded database is single-instance', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-single-'));
	const dataDir = path.join(dir, 'pg');
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('refuses a second process on the same data directory, takes over a dead one’s lock', async () => {
		// Another process holds the data directory: its pid is in the lock file and alive.
		const other = spawn('sleep', ['30']);
		writeFileSync(`${dataDir}.lock`, String(other.pid));
		try {
			await expect(openDatabase({ dataDir, migrate: false })).rejects.toThrow(
				/open in another process \(pid \d+\): it is single-instance.*DATABASE_URL/
			);
		} finally {
			other.kill();
			await new Promise((r) => other.once('exit', r));
		}
		// That process is gone: its lock is stale and taken over.
		const handle = await openDatabase({ dataDir, migrate: false });
		expect(existsSync(`${dataDir}.lock`)).toBe(true);
		await handle.close();
		expect(existsSync(`${dataDir}.lock`)).toBe(false);
	}, 60_000);
});

/** The built app; built here when this checkout has none (npm test builds it first). */
function ensureBuild(): void {
	if (existsSync('build/handler.js')) return;
	const r = spawnSync(
		process.execPath,
		['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
		{
			stdio: 'inherit'
		}
	);
	if (r.status !== 0) throw new Error('vite build failed');
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	for (const started = Date.now(); !(await check());) {
		if (Date.now() - started > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** TWO_INSTANCE_PORT (and the next one) when set, otherwise a port the system says is free. */
async function freePort(offset: number): Promise<number> {
	if (process.env.TWO_INSTANCE_PORT) return Number(process.env.TWO_INSTANCE_PORT) + offset;
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function stopInstance(instance: Instance): Promise<void> {
	if (instance.child.exitCode !== null) return;
	instance.child.kill('SIGTERM');
	await new Promise((r) => instance.child.once('exit', r));
}

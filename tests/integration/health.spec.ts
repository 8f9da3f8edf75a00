import { createServer, connect, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/index.js';
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

/*
 * The database going away and coming back, as a load balancer sees it: the app's connections
 * run through a loopback TCP proxy that is stopped (every connection cut, new ones refused)
 * and started again; postgres.js reconnects by itself.
 */
describe.runIf(backend === 'postgres')('readiness when PostgreSQL goes away and returns', () => {
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	let proxied: DatabaseHandle;
	let proxy: { stop(): Promise<void>; start(): Promise<void>; port: number };

	beforeAll(async () => {
		database = await freshDatabase();
		const target = new URL(process.env.TEST_DATABASE_URL!);
		proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
		const url = new URL(target.href);
		url.port = String(proxy.port);
		const schema = (
			(await database.db.execute(sql`select current_schema() as s`)) as unknown as {
				s: string;
			}[]
		)[0].s;
		proxied = await openDatabase({ url: url.href, pgSchema: schema, migrate: false });
	});
	afterAll(async () => {
		await proxied?.close();
		await proxy?.stop();
		await database.drop();
	});

	it('is 200 while it answers, 503 while it is gone, 200 again once it is back', async () => {
		expect((await getReadiness(proxied.db)).ready).toBe(true);
		await proxy.stop();
		expect(await getReadiness(proxied.db)).toEqual({
			ready: false,
			database: 'down',
			migrations: 'unknown'
		});
		await proxy.start();
		await expect
			.poll(async () => (await getReadiness(proxied.db)).ready, { timeout: 15_000 })
			.toBe(true);
	});
});

async function tcpProxy(host: string, port: number) {
	let server: Server | null = null;
	const sockets = new Set<Socket>();
	let listenPort = 0;
	const start = () =>
		new Promise<void>((resolve) => {
			server = createServer((client) => {
				const upstream = connect(port, host);
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on('close', () => sockets.delete(s));
					s.on('error', () => s.destroy());
				}
				client.pipe(upstream).pipe(client);
			});
			server.listen(listenPort, '127.0.0.1', () => {
				listenPort = (server!.address() as { port: number }).port;
				resolve();
			});
		});
	const stop = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			if (!server) return resolve();
			server.close(() => resolve());
			server = null;
		});
	await start();
	return { start, stop, port: listenPort };
}

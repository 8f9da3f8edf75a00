// `npm run db:migrate`: applies pending migrations once, for deployments where several app
// instances start with MIGRATE_ON_START=false. Uses DATABASE_URL (and DATABASE_SCHEMA), or the
// embedded database in DATA_DIR when DATABASE_URL is unset. Same advisory lock as the app.
import path from 'node:path';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const migrationsFolder = path.resolve('drizzle');
// DATABASE_DIRECT_URL: the server itself when DATABASE_URL is a pooler (PgBouncer).
const url = process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL;
if (url) {
	const schema = process.env.DATABASE_SCHEMA;
	const client = postgres(url, { max: 1, onnotice: () => {} });
	try {
		if (schema) {
			await client.unsafe(`create schema if not exists "${schema.replaceAll('"', '')}"`);
			await client.unsafe(`set search_path to "${schema.replaceAll('"', '')}"`);
		}
		await client`select pg_advisory_lock(7305001)`;
		await migratePostgres(drizzlePostgres({ client }), {
			migrationsFolder,
			migrationsSchema: schema ?? 'drizzle'
		});
		await client`select pg_advisory_unlock(7305001)`;
		console.info('[zhicheng] PostgreSQL migrations applied');
	} finally {
		await client.end({ timeout: 5 });
	}
} else {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const client = await PGlite.create(path.resolve(process.env.DATA_DIR ?? 'data', 'pg'));
	await migrate(drizzle({ client }), { migrationsFolder });
	await client.close();
	console.info('[zhicheng] embedded database migrations applied');
}

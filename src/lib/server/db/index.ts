import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { lockDataDir } from './lock-data-dir.js';
import { preparePostgresStatements } from './prepared-statements.js';
import { templateKey } from './template-key.js';
import { DB_APPLICATION_NAME } from './application-name.js';

export type Schema = typeof schema;
/** Both drivers produce this type; code never needs to know which one it talks to. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or an open transaction on it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface DatabaseHandle {
	db: Db;
	kind: 'pglite' | 'postgres';
	close(): Promise<void>;
}

export interface OpenOptions {
	/** postgres:// URL; when absent, embedded PGlite is used. */
	url?: string;
	/** PGlite directory; `memory://` for an in-memory database (tests). */
	dataDir?: string;
	/** PostgreSQL schema to use (tests use a fresh one per run). */
	pgSchema?: string;
	/** Run migrations before returning (default true). */
	migrate?: boolean;
}

export const migrationsFolder = path.resolve('drizzle');

/** Opens a database, runs migrations (under an advisory lock on PostgreSQL). */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
	const runMigrations = options.migrate ?? true;
	if (options.url) {
		// application_name: the metrics count this instance's connections by it (observability).
		const connection = {
			application_name: DB_APPLICATION_NAME,
			...(options.pgSchema ? { search_path: options.pgSchema } : {})
		};
		if (runMigrations) await migratePostgresUrl(options.url, options.pgSchema);
		preparePostgresStatements();
		const client = postgres(options.url, {
			max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
			// Behind PgBouncer in transaction mode a prepared statement may land on another server
			// connection: DATABASE_PREPARE=false turns them off (postgres.js then prepares none).
			prepare: process.env.DATABASE_PREPARE !== 'false',
			connection,
			onnotice: () => {}
		});
		const db = drizzlePostgres({ client, schema }) as unknown as Db;
		return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
	}
	const dataDir = options.dataDir ?? path.resolve(process.env.DATA_DIR ?? 'data', 'pg');
	const onDisk = !dataDir.startsWith('memory://');
	if (onDisk) mkdirSync(dataDir, { recursive: true });
	// Single-instance: a second process on the same data directory is refused (lock-data-dir.ts).
	const unlock = onDisk ? lockDataDir(dataDir) : () => {};
	try {
		const template = onDisk ? freshDatabaseTemplate(dataDir) : undefined;
		const client = await PGlite.create(dataDir, template ? { loadDataDir: template } : {});
		const db = drizzlePglite({ client, schema }) as unknown as Db;
		if (runMigrations) {
			await migratePglite(db as never, { migrationsFolder });
		}
		return { db, kind: 'pglite', close: () => client.close().finally(unlock) };
	} catch (e) {
		unlock();
		throw e;
	}
}

/**
 * The build's empty, fully migrated embedded database (scripts/pglite-template.js), for a data
 * directory that holds no database yet — unpacking it is about 2 s faster than initdb plus the
 * migrations. Only when it was made by this PGlite from exactly these migrations (templateKey());
 * otherwise undefined, and the database is created the usual way.
 */
function freshDatabaseTemplate(dataDir: string): Blob | undefined {
	if (readdirSync(dataDir).length > 0) return undefined;
	const file = path.resolve(process.env.PGLITE_TEMPLATE ?? 'build/pglite-template.tar.gz');
	const stamp = file.replace(/\.tar\.gz$/, '.json');
	if (!existsSync(file) || !existsSync(stamp)) return undefined;
	try {
		const { key } = JSON.parse(readFileSync(stamp, 'utf8')) as { key?: string };
		if (key !== templateKey()) return undefined;
		return new Blob([readFileSync(file)]);
	} catch {
		return undefined;
	}
}

/**
 * Runs pending migrations on PostgreSQL on one dedicated connection holding an advisory
 * lock, so several app instances starting at once migrate exactly once.
 */
export async function migratePostgresUrl(url: string, pgSchema?: string): Promise<void> {
	// A session-level advisory lock needs a connection of its own: behind PgBouncer in
	// transaction mode, DATABASE_DIRECT_URL names the server itself.
	const client = postgres(directUrl(url), { max: 1, onnotice: () => {} });
	try {
		if (pgSchema) {
			await client.unsafe(`create schema if not exists "${pgSchema.replaceAll('"', '')}"`);
			await client.unsafe(`set search_path to "${pgSchema.replaceAll('"', '')}"`);
		}
		await client`select pg_advisory_lock(7305001)`;
		try {
			await migratePostgres(drizzlePostgres({ client }), {
				migrationsFolder,
				migrationsSchema: pgSchema ?? 'drizzle'
			});
		} finally {
			await client`select pg_advisory_unlock(7305001)`;
		}
	} finally {
		await client.end({ timeout: 5 });
	}
}

/** The server's own address for session-level work (migrations, the job queue). */
export function directUrl(url: string): string {
	return process.env.DATABASE_DIRECT_URL || url;
}

let current: DatabaseHandle | undefined;
let opening: Promise<DatabaseHandle> | undefined;

/**
 * The process-wide database, opened once (in the server `init` hook) from the environment:
 * DATABASE_URL → PostgreSQL, otherwise embedded PGlite in ./data.
 */
export function initDatabase(): Promise<DatabaseHandle> {
	opening ??= openDatabase({
		url: process.env.DATABASE_URL || undefined,
		pgSchema: process.env.DATABASE_SCHEMA || undefined,
		migrate: process.env.MIGRATE_ON_START !== 'false'
	}).then((handle) => (current = handle));
	return opening;
}

export function db(): Db {
	if (!current) throw new Error('database not initialised: call initDatabase() first');
	return current.db;
}

export function databaseKind(): DatabaseHandle['kind'] {
	if (!current) throw new Error('database not initialised');
	return current.kind;
}

/** Tests and scripts install their own handle. */
export function useDatabase(handle: DatabaseHandle | undefined): void {
	current = handle;
	opening = handle ? Promise.resolve(handle) : undefined;
}

export { schema };

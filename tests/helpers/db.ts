import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, useDatabase, type DatabaseHandle } from '../../src/lib/server/db/index.js';
import { resetMasterKeyCache } from '../../src/lib/server/crypto/master-key.js';
import { resetPiiKeys } from '../../src/lib/server/crypto/pii.js';
import { registerEffects } from '../../src/lib/server/effects.js';

/**
 * Integration tests run against embedded PGlite by default and against a real PostgreSQL
 * when TEST_DATABASE_URL is set (CI does both). Each test file gets a fresh database:
 * an in-memory PGlite, or a new schema that is dropped afterwards.
 */
export const backend = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export async function freshDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
	process.env.MASTER_KEY ??= randomBytes(32).toString('base64');
	resetMasterKeyCache();
	resetPiiKeys();
	// As the app's start-up does: one area's effects wired into another's use cases.
	registerEffects();
	const url = process.env.TEST_DATABASE_URL;
	if (!url) {
		const handle = await openDatabase({ dataDir: 'memory://' });
		useDatabase(handle);
		return {
			...handle,
			drop: async () => {
				useDatabase(undefined);
				await handle.close();
			}
		};
	}
	const pgSchema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const handle = await openDatabase({ url, pgSchema });
	useDatabase(handle);
	return {
		...handle,
		drop: async () => {
			useDatabase(undefined);
			await handle.close();
			const admin = postgres(url, { max: 1, onnotice: () => {} });
			await admin.unsafe(`drop schema if exists "${pgSchema}" cascade`);
			await admin.end();
		}
	};
}

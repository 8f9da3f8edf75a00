/**
 * The signed status list as every instance serves it: built ONCE for the cluster and stored
 * (`status_lists`, one row per public origin), never per instance, so all instances answer
 * with the same bytes, `iat` and ETag.
 *
 * A request reads the stored row (one primary-key read) and serves it while it is current:
 * its digest is this instance's register's (no status changed) and it is younger than
 * MAX_AGE_S (so an offline verdict's "status as of" is never older than that plus the client's
 * cache time). Otherwise this instance rebuilds it — under a transaction-scoped advisory lock
 * on PostgreSQL, after re-reading the statuses from the database inside the lock, so a lagging
 * instance never puts back an older list: it finds the row current and serves it. Whichever
 * instance sees a revocation or issuance first thus rebuilds, the others read.
 */
import { eq, sql } from 'drizzle-orm';
import { now } from '../clock.js';
import { databaseKind, db, type Tx } from '../db/index.js';
import { statusLists, type StatusListRow } from '../db/schema/index.js';
import { buildStatusList, statusDigest, type SignedStatusList } from './build-status-list.js';
import { ensureLoaded, refreshStatus } from './status-registry.js';

export { STATUS_LIST_TTL_S, type SignedStatusList } from './build-status-list.js';

const MAX_AGE_S = 60;
/** pg_advisory_xact_lock key of the status-list rebuild (any constant unique in the app). */
const REBUILD_LOCK = 7305002;

const building = new Map<string, Promise<SignedStatusList>>();

export async function getStatusList(origin: string): Promise<SignedStatusList> {
	await ensureLoaded();
	const row = await storedList(db(), origin);
	if (row && (await isCurrent(row))) return row;
	let rebuild = building.get(origin);
	if (!rebuild) {
		rebuild = rebuildStatusList(origin).finally(() => building.delete(origin));
		building.set(origin, rebuild);
	}
	return rebuild;
}

async function storedList(tx: Tx, origin: string): Promise<StatusListRow | undefined> {
	const [row] = await tx.select().from(statusLists).where(eq(statusLists.origin, origin));
	return row;
}

async function isCurrent(row: StatusListRow): Promise<boolean> {
	const fresh = now().getTime() / 1000 - row.iat < MAX_AGE_S;
	return fresh && row.digest === (await statusDigest());
}

function rebuildStatusList(origin: string): Promise<SignedStatusList> {
	// The embedded database has one instance and one connection: no lock to take, and a query
	// outside the transaction would wait for it.
	if (databaseKind() === 'pglite') return refreshStatus().then(() => storeIfStale(db(), origin));
	return db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${REBUILD_LOCK})`);
		await refreshStatus();
		return storeIfStale(tx, origin);
	});
}

async function storeIfStale(tx: Tx, origin: string): Promise<SignedStatusList> {
	const row = await storedList(tx, origin);
	if (row && (await isCurrent(row))) return row;
	const list = await buildStatusList(origin);
	await tx
		.insert(statusLists)
		.values({ origin, ...list })
		.onConflictDoUpdate({ target: statusLists.origin, set: list });
	return list;
}

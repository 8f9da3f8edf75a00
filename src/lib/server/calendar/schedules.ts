/**
 * The official calendar as the server uses it: year schedules from the `calendar_years` table,
 * seeded from the bundled data package (domain/holidays-data.ts) on first load, and corrected or
 * extended by the city office. `workingDayCalendar()` stays synchronous because the state graph
 * and the queues call it everywhere: it answers from a per-database cache, refreshed right after a
 * change and at most a minute old otherwise (other app instances pick a change up that way);
 * before the first load has finished it answers from the bundled data, which is what the table
 * is seeded with.
 */
import { asc, sql } from 'drizzle-orm';
import {
	createOfficialCalendar,
	type OfficialCalendar,
	type YearSchedule
} from '#lib/domain/calendar.js';
import { officialSchedules } from '#lib/domain/holidays-data.js';
import { db, type Db, type Tx } from '../db/index.js';
import { calendarYears } from '../db/schema/index.js';

const MAX_AGE_MS = 60_000;

interface Cached {
	db: Db;
	schedules: YearSchedule[];
	calendar: OfficialCalendar;
	loadedAt: number;
}

let cached: Cached | undefined;
let loading: Promise<Cached> | undefined;
let bundled: OfficialCalendar | undefined;

function currentDb(): Db | undefined {
	try {
		return db();
	} catch {
		return undefined; // not initialised (e.g. a pure unit test or a build step)
	}
}

/** Inserts the bundled years the table does not have yet; never overwrites an office's entry. */
async function seed(tx: Tx): Promise<void> {
	await tx
		.insert(calendarYears)
		.values(
			officialSchedules.map((s) => ({
				year: s.year,
				status: s.status,
				holidays: [...s.holidays],
				workdays: [...s.workdays],
				source: s.source ?? null
			}))
		)
		.onConflictDoNothing({ target: calendarYears.year });
}

/** Every stored year, oldest first, as the pure module's schedules. */
export async function loadSchedules(tx: Tx): Promise<YearSchedule[]> {
	const rows = await tx.select().from(calendarYears).orderBy(asc(calendarYears.year));
	return rows.map((r) => ({
		year: r.year,
		status: r.status,
		holidays: r.holidays,
		workdays: r.workdays,
		source: r.source ?? undefined
	}));
}

async function read(handle: Tx): Promise<YearSchedule[]> {
	const [{ n }] = await handle.select({ n: sql<number>`count(*)::int` }).from(calendarYears);
	if (n < officialSchedules.length) await seed(handle);
	return loadSchedules(handle);
}

async function load(handle: Db): Promise<Cached> {
	const schedules = await read(handle);
	return {
		db: handle,
		schedules,
		calendar: createOfficialCalendar(schedules),
		loadedAt: Date.now()
	};
}

/** Reloads the calendar from the database now (after a change, or before exact arithmetic). */
export async function refreshCalendar(): Promise<OfficialCalendar> {
	const handle = db();
	const run = load(handle).then((c) => {
		if (currentDb() === handle) cached = c;
		return c;
	});
	loading = run;
	try {
		return (await run).calendar;
	} finally {
		if (loading === run) loading = undefined;
	}
}

function fresh(): Cached | undefined {
	const handle = currentDb();
	return cached && handle && cached.db === handle && Date.now() - cached.loadedAt < MAX_AGE_MS
		? cached
		: undefined;
}

/**
 * The calendar from the database, loading it first when the cache is missing or old. Inside a
 * transaction pass it as `tx`: a missing or old cache is then read through it (another query on
 * the embedded database would wait for the transaction) and not cached, as it may roll back.
 */
export async function currentCalendar(tx?: Tx): Promise<OfficialCalendar> {
	const hit = fresh()?.calendar;
	if (hit) return hit;
	if (tx) return createOfficialCalendar(await read(tx));
	return refreshCalendar();
}

/** Every year schedule as stored (the admin screen). */
export async function currentSchedules(): Promise<YearSchedule[]> {
	if (!fresh()) await refreshCalendar();
	return cached?.schedules ?? [...officialSchedules];
}

/** Synchronous access for the state graph and queues; see the module comment. */
export function cachedCalendar(): OfficialCalendar {
	const hit = fresh();
	if (hit) return hit.calendar;
	const handle = currentDb();
	if (handle && !loading) void refreshCalendar().catch(() => {});
	if (cached && cached.db === handle) return cached.calendar; // stale but from this database
	bundled ??= createOfficialCalendar(officialSchedules);
	return bundled;
}

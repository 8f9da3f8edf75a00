import { and, asc, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { isTier, isSeries, type SeriesCode, type Tier } from '#lib/domain/catalogue.js';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import {
	PROCEDURE_KINDS,
	STATES,
	transitions,
	type ProcedureKind,
	type State
} from '#lib/domain/procedures.js';
import { LEVELS, type Level } from '#lib/domain/routing.js';
import {
	overdueBefore,
	SLA_WORKING_DAYS,
	slaStatus,
	waitingDays,
	type SlaStatus
} from '#lib/domain/sla.js';
import { authorize } from '../auth/actor.js';
import { db } from '../db/index.js';
import { applications, organisations } from '../db/schema/index.js';
import { chinaToday, workingDayCalendar } from '../calendar/working-day-calendar.js';
import { containsPattern } from '../db/like.js';

/**
 * The reviewer queue: applications an organisation must act on now (assignee_org_id = its id),
 * filtered, searched and sorted by waiting time. One query per page on `applications_queue_idx`
 * (assignee_org_id, state, state_changed_at), keyset-paginated on (state_changed_at, id) so
 * applications leaving the queue while someone pages never make rows jump or repeat.
 *
 * Waiting time is in working days on the official calendar; since it only grows as the entry
 * time gets older, "longest waiting first" is simply "oldest state_changed_at first", and the
 * database can sort on the timestamp while the page shows working days.
 */
export const QUEUE_PAGE = 25;
export const MAX_QUERY = 50;

export type QueueSort = 'waiting' | 'recent';

export interface QueueFilter {
	kind?: ProcedureKind;
	series?: SeriesCode;
	level?: Level;
	state?: State;
	tier?: Tier;
	/** Applicant name (part of it) or the application number. */
	q?: string;
	overdue?: boolean;
	sort?: QueueSort;
	/** Keyset cursor: the last row of the previous page. */
	after?: string;
}

export interface QueueRow {
	id: string;
	number: string | null;
	kind: ProcedureKind;
	level: Level;
	series: string;
	qualification: string | null;
	applicantName: string;
	tier: string | null;
	state: State;
	version: number;
	stateChangedAt: Date;
	submittedAt: Date | null;
	employerName: string | null;
	/** Working days waited in this state. */
	waiting: number;
	/** The count touches a year whose official holiday schedule is not confirmed (暂定). */
	provisional: boolean;
	sla: SlaStatus;
	/** The graph offers `approve` from this state (bulk approve lists only these). */
	approvable: boolean;
	cursor: string;
}

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
	value && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** Query-string → filter; anything not on a whitelist is dropped, never passed to SQL. */
export function parseQueueFilter(params: URLSearchParams): QueueFilter {
	const series = params.get('series') ?? '';
	const tier = params.get('tier') ?? '';
	const q = (params.get('q') ?? '').trim().slice(0, MAX_QUERY);
	const after = params.get('after') ?? '';
	return {
		kind: pick(PROCEDURE_KINDS, params.get('kind')),
		series: isSeries(series) ? series : undefined,
		level: pick(LEVELS, params.get('level')),
		state: pick(STATES, params.get('state')),
		tier: isTier(tier) ? tier : undefined,
		q: q || undefined,
		overdue: params.get('overdue') === '1' || undefined,
		sort: params.get('sort') === 'recent' ? 'recent' : undefined,
		after: decodeCursor(after) ? after : undefined
	};
}

/** Filter → query-string values (without the cursor unless asked), for links and forms. */
export function queueParams(filter: QueueFilter, withCursor = false): Record<string, string> {
	const out: Record<string, string> = {};
	for (const key of ['kind', 'series', 'level', 'state', 'tier', 'q', 'sort'] as const) {
		const value = filter[key];
		if (value) out[key] = value;
	}
	if (filter.overdue) out.overdue = '1';
	if (withCursor && filter.after) out.after = filter.after;
	return out;
}

export function encodeCursor(changedAt: string, id: string): string {
	return Buffer.from(JSON.stringify([changedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { changedAt: string; id: string } | null {
	if (!cursor || cursor.length > 200) return null;
	try {
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (!Array.isArray(value) || value.length !== 2) return null;
		const [changedAt, id] = value as unknown[];
		if (typeof changedAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return null;
		// A PostgreSQL timestamptz text, e.g. 2026-03-02 10:00:00.123456+08.
		const m =
			/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-](\d{2})(:?\d{2})?|Z)$/.exec(
				changedAt
			);
		if (!m) return null;
		// A real instant: no 30 February, no 25 o'clock (PostgreSQL would refuse the query).
		const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
		const day = new Date(Date.UTC(y, mo - 1, d));
		if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || y < 1) return null;
		if (h > 23 || mi > 59 || se > 59 || (m[9] !== undefined && Number(m[9]) > 15)) return null;
		return { changedAt, id };
	} catch {
		return null;
	}
}

const APPROVABLE = new Set(
	PROCEDURE_KINDS.flatMap((kind) =>
		transitions[kind].filter((r) => r.event === 'approve').map((r) => `${kind}:${r.from}`)
	)
);

/** The organisation whose queue this is; only active staff have one. */
export async function queueOwner(actor: Actor): Promise<string> {
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	await authorize(actor, 'application.queue', {
		type: 'organisation',
		id: actor.orgId,
		orgType: actor.orgType
	});
	return actor.orgId;
}

/** Overdue: per service level, entered its state before that level's cut-off date. */
function overdueCondition(today: string): SQL {
	const calendar = workingDayCalendar();
	const byLimit = new Map<number, State[]>();
	for (const [state, limit] of Object.entries(SLA_WORKING_DAYS) as [State, number][])
		byLimit.set(limit, [...(byLimit.get(limit) ?? []), state]);
	const parts = [...byLimit].map(([limit, states]) =>
		and(
			inArray(applications.state, states),
			lt(
				applications.stateChangedAt,
				new Date(`${overdueBefore(calendar, today, limit)}T00:00:00+08:00`)
			)
		)
	);
	return or(...parts)!;
}

function conditions(orgId: string, filter: QueueFilter, today: string): SQL[] {
	const where: SQL[] = [eq(applications.assigneeOrgId, orgId)];
	if (filter.state) where.push(eq(applications.state, filter.state));
	if (filter.kind) where.push(eq(applications.kind, filter.kind));
	if (filter.series) where.push(eq(applications.series, filter.series));
	if (filter.level) where.push(eq(applications.level, filter.level));
	if (filter.tier) where.push(eq(applications.tier, filter.tier));
	if (filter.q) {
		const q = filter.q.trim().slice(0, MAX_QUERY);
		where.push(
			or(
				ilike(applications.applicantName, containsPattern(q)),
				eq(applications.number, q.toUpperCase())
			)!
		);
	}
	if (filter.overdue) where.push(overdueCondition(today));
	const cursor = filter.after ? decodeCursor(filter.after) : null;
	if (cursor) {
		const op = filter.sort === 'recent' ? sql`<` : sql`>`;
		where.push(
			sql`(${applications.stateChangedAt}, ${applications.id}) ${op} (${cursor.changedAt}::timestamptz, ${cursor.id}::uuid)`
		);
	}
	return where;
}

/**
 * One page of `actor`'s queue. `limit` rows plus one to know whether a next page exists.
 * The SQL is the page query the benchmark measures (bench/queue.js runs this function).
 */
export async function listQueue(
	actor: Actor,
	filter: QueueFilter,
	opts: { limit?: number; today?: string } = {}
): Promise<{ rows: QueueRow[]; next: string | null; today: string }> {
	const orgId = await queueOwner(actor);
	return queuePage(orgId, filter, opts);
}

/**
 * The page query as a statement, not yet run: `queuePage` runs it, the benchmark EXPLAINs the
 * very same SQL (`.toSQL()`). `limit + 1` rows tell whether a next page exists.
 */
export function queueQuery(orgId: string, filter: QueueFilter, limit: number, today: string) {
	const order =
		filter.sort === 'recent'
			? [desc(applications.stateChangedAt), desc(applications.id)]
			: [asc(applications.stateChangedAt), asc(applications.id)];
	return db()
		.select({
			id: applications.id,
			number: applications.number,
			kind: applications.kind,
			level: applications.level,
			series: applications.series,
			qualification: applications.qualification,
			applicantName: applications.applicantName,
			tier: applications.tier,
			state: applications.state,
			version: applications.version,
			stateChangedAt: applications.stateChangedAt,
			changedText: sql<string>`${applications.stateChangedAt}::text`,
			submittedAt: applications.submittedAt,
			employerName: organisations.name
		})
		.from(applications)
		.leftJoin(organisations, eq(organisations.id, applications.employerId))
		.where(and(...conditions(orgId, filter, today)))
		.orderBy(...order)
		.limit(limit + 1);
}

/** The page query itself, for an organisation already authorised. */
export async function queuePage(
	orgId: string,
	filter: QueueFilter,
	opts: { limit?: number; today?: string } = {}
): Promise<{ rows: QueueRow[]; next: string | null; today: string }> {
	const limit = Math.min(100, Math.max(1, opts.limit ?? QUEUE_PAGE));
	const today = opts.today ?? chinaToday();
	const found = await queueQuery(orgId, filter, limit, today);
	const calendar = workingDayCalendar();
	const rows = found.slice(0, limit).map(({ changedText, ...r }): QueueRow => {
		const since = chinaToday(r.stateChangedAt);
		const waiting = waitingDays(calendar, since, today);
		return {
			...r,
			state: r.state,
			waiting,
			provisional: calendar.isProvisional(since, today),
			sla: slaStatus(r.state, waiting),
			approvable: APPROVABLE.has(`${r.kind}:${r.state}`),
			cursor: encodeCursor(changedText, r.id)
		};
	});
	const next = found.length > limit ? rows[rows.length - 1].cursor : null;
	return { rows, next, today };
}

/** Waiting applications per state in the queue (the filter chips' numbers); index-only. */
export async function queueCounts(actor: Actor): Promise<Partial<Record<State, number>>> {
	const orgId = await queueOwner(actor);
	const rows = await db()
		.select({ state: applications.state, n: sql<number>`count(*)::int` })
		.from(applications)
		.where(eq(applications.assigneeOrgId, orgId))
		.groupBy(applications.state);
	return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/**
 * The applications before and after `id` in the queue as filtered (J/K on the detail page).
 * An application no longer in the queue has neighbours from where it used to be.
 */
export async function queueNeighbours(
	actor: Actor,
	id: string,
	filter: QueueFilter
): Promise<{ previous: string | null; next: string | null }> {
	const orgId = await queueOwner(actor);
	if (!isUuid(id)) return { previous: null, next: null };
	const [row] = await db()
		.select({ changedText: sql<string>`${applications.stateChangedAt}::text` })
		.from(applications)
		.where(eq(applications.id, id));
	if (!row) return { previous: null, next: null };
	const after = encodeCursor(row.changedText, id);
	const reverse: QueueSort = filter.sort === 'recent' ? 'waiting' : 'recent';
	const [next, previous] = await Promise.all([
		queuePage(orgId, { ...filter, after }, { limit: 1 }),
		queuePage(orgId, { ...filter, sort: reverse, after }, { limit: 1 })
	]);
	return { previous: previous.rows[0]?.id ?? null, next: next.rows[0]?.id ?? null };
}

/** The queue owner's name for the page heading. */
export async function organisationName(orgId: string): Promise<string> {
	const [row] = await db()
		.select({ name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, orgId));
	return row?.name ?? '';
}

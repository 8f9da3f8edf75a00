/**
 * Where a notice stands today. Stored status is 'running' until withdrawn; completion is the
 * passing of `completes_on` (the last day of the period), so "running" is always computed from
 * the date — `settleNotices` only writes down what the dates already say, for reports.
 */
import { and, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { noticePeriod, workingDaysLeft } from '#lib/domain/notice-period.js';
import { noticeState, type NoticeState } from '#lib/domain/notice-state.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { currentCalendar } from '../calendar/schedules.js';
import { db, type Tx } from '../db/index.js';
import { applications, notices, type Notice } from '../db/schema/index.js';

export interface CertificateNoticeStatus {
	/** A notice declaring this certificate void is public right now (声明作废公示中). */
	running: boolean;
	/** Last day of the period (YYYY-MM-DD); after it the certificate is declared void. */
	until: string;
	/** `until` may still move: its year's official holiday schedule is not confirmed. */
	provisional: boolean;
	noticeId: string;
}

/**
 * For the verification pages: the latest notice (not withdrawn) about each electronic
 * certificate in `certificateIds`. Certificates without such a notice are absent from the map;
 * `running: false` means the notice has completed (the reissue will void the certificate).
 */
export async function noticeStatusOf(
	certificateIds: readonly string[],
	tx: Tx = db()
): Promise<Map<string, CertificateNoticeStatus>> {
	const result = new Map<string, CertificateNoticeStatus>();
	if (certificateIds.length === 0) return result;
	const today = chinaToday();
	const rows = await tx
		.select({ notice: notices, state: applications.state })
		.from(notices)
		.innerJoin(applications, eq(applications.id, notices.applicationId))
		.where(
			and(inArray(notices.certificateId, [...certificateIds]), ne(notices.status, 'withdrawn'))
		)
		.orderBy(desc(notices.publishedOn), desc(notices.createdAt));
	for (const { notice, state } of rows) {
		const id = notice.certificateId;
		if (!id) continue;
		const s = noticeState(notice, state, today);
		if (s === 'withdrawn') continue;
		const seen = result.get(id);
		if (seen?.running) continue;
		if (seen && s !== 'running') continue;
		result.set(id, {
			running: s === 'running',
			until: notice.completesOn,
			provisional: notice.provisional,
			noticeId: notice.id
		});
	}
	return result;
}

/** Writes down completions and withdrawals that the dates and applications already imply. */
export async function settleNotices(tx: Tx = db(), today = chinaToday()): Promise<void> {
	await tx
		.update(notices)
		.set({ status: 'completed' })
		.where(and(eq(notices.status, 'running'), lt(notices.completesOn, today)));
	await tx
		.update(notices)
		.set({ status: 'withdrawn', withdrawnAt: applications.stateChangedAt })
		.from(applications)
		.where(
			and(
				eq(applications.id, notices.applicationId),
				eq(notices.status, 'running'),
				eq(applications.state, 'withdrawn')
			)
		);
}

export interface MyNotice {
	notice: Notice;
	state: NoticeState;
	applicationState: string;
	applicationVersion: number;
	/** Working days left after today; 0 once complete. */
	daysLeft: number;
	submittableFrom: string;
	provisional: boolean;
}

/** The applicant's notices, newest first, with countdowns on today's official calendar. */
export async function noticesOf(applicantId: string): Promise<MyNotice[]> {
	const calendar = await currentCalendar();
	const today = chinaToday();
	const rows = await db()
		.select({
			notice: notices,
			state: applications.state,
			version: applications.version
		})
		.from(notices)
		.innerJoin(applications, eq(applications.id, notices.applicationId))
		.where(eq(notices.applicantId, applicantId))
		.orderBy(desc(notices.publishedOn), desc(notices.createdAt))
		.limit(100);
	return rows.map(({ notice, state, version }) => {
		// Recomputed on today's calendar: a year confirmed since publication may move the end.
		const period = noticePeriod(calendar, notice.publishedOn);
		return {
			notice: { ...notice, completesOn: period.completesOn, provisional: period.provisional },
			state: noticeState({ ...notice, completesOn: period.completesOn }, state, today),
			applicationState: state,
			applicationVersion: version,
			daysLeft: workingDaysLeft(calendar, period, today),
			submittableFrom: period.submittableFrom,
			provisional: period.provisional
		};
	});
}

/** Recomputes the end of running notices after the calendar changed (same transaction). */
export async function recomputeRunningNotices(
	tx: Tx,
	calendar: Parameters<typeof noticePeriod>[0],
	today = chinaToday()
): Promise<number> {
	const running = await tx
		.select({ id: notices.id, publishedOn: notices.publishedOn })
		.from(notices)
		.where(and(eq(notices.status, 'running'), sql`${notices.completesOn} >= ${today}`));
	let changed = 0;
	for (const n of running) {
		const p = noticePeriod(calendar, n.publishedOn);
		const res = await tx
			.update(notices)
			.set({ completesOn: p.completesOn, provisional: p.provisional })
			.where(
				and(
					eq(notices.id, n.id),
					sql`(${notices.completesOn}, ${notices.provisional}) is distinct from (${p.completesOn}::date, ${p.provisional})`
				)
			)
			.returning({ id: notices.id });
		changed += res.length;
	}
	return changed;
}

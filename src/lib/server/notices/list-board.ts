/**
 * The public notice board (公示公告): invalidation notices (声明作废) and evaluation results
 * publicity (评审结果公示), newest first, searchable and paged. Nothing here may identify a person
 * beyond what a notice must say: names are masked (maskName) and no ID number is selected at all.
 * Certificate numbers are shown in groups of four, as printed on certificates.
 */
import { and, desc, eq, ilike, isNotNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { seriesName } from '#lib/domain/catalogue.js';
import { maskName } from '#lib/domain/identity.js';
import { noticePeriod } from '#lib/domain/notice-period.js';
import { PERIOD_WORKING_DAYS } from '#lib/domain/procedures.js';
import { deadline } from '#lib/domain/calendar.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { currentCalendar } from '../calendar/schedules.js';
import { db } from '../db/index.js';
import { applications, certificates, notices, organisations } from '../db/schema/index.js';
import { noticeState, type NoticeState } from '#lib/domain/notice-state.js';

export const PAGE_SIZE = 20;

export interface BoardItem {
	kind: 'notice' | 'publicity';
	/** Masked: 张*, 欧阳**. */
	name: string;
	series: string;
	qualification: string;
	/** Invalidation notices: the certificate declared void, digits grouped by four. */
	certificateNo: string | null;
	/** Issuing office (notices) or employer (publicity). */
	organisation: string;
	startsOn: string;
	endsOn: string;
	provisional: boolean;
	state: NoticeState;
	/** The time the row was published, for the feed's <updated>. */
	at: Date;
	/** Stable opaque key for the feed's <id> (never shown on the board). */
	key: string;
}

/** 4502202621000123 → 4502 2026 2100 0123; runs of 5+ digits inside free text too. */
export function groupDigits(text: string): string {
	return text.replace(/\d{5,}/g, (run) => run.replace(/(\d{4})(?=\d)/g, '$1 '));
}

function escapeLike(q: string): string {
	return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function boardPage(input: { q?: string; page?: number; kind?: string }) {
	const q = (input.q ?? '').trim().slice(0, 40);
	const page = Math.max(1, Math.min(500, Math.floor(input.page ?? 1) || 1));
	const kind = input.kind === 'notice' || input.kind === 'publicity' ? input.kind : 'all';
	const like = `%${escapeLike(q.replace(/\s+/g, ''))}%`;
	const matches = (...cols: (SQL | AnyColumn)[]): SQL | undefined =>
		q ? or(...cols.map((c) => ilike(sql`replace(${c}, ' ', '')`, like))) : undefined;

	const noticeRows = db()
		.select({
			kind: sql<string>`'notice'`.as('kind'),
			key: sql<string>`${notices.id}::text`.as('key'),
			name: sql<string>`${notices.holderName}`.as('name'),
			series: sql<string>`coalesce(${certificates.series}, ${notices.paperSeries})`.as('series'),
			qualification:
				sql<string>`coalesce(${certificates.qualification}, ${notices.paperQualification})`.as(
					'qualification'
				),
			number: sql<string>`coalesce(${certificates.certificateNo}, ${notices.paperNumber})`.as(
				'number'
			),
			organisation:
				sql<string>`coalesce(${certificates.issuerName}, ${notices.paperIssuingOffice})`.as(
					'organisation'
				),
			startsOn: sql<string>`${notices.publishedOn}::text`.as('starts_on'),
			endsOn: sql<string | null>`${notices.completesOn}::text`.as('ends_on'),
			status: sql<string>`${notices.status}`.as('status'),
			appState: sql<string>`${applications.state}`.as('app_state'),
			at: sql<string>`to_char(${notices.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as(
				'at'
			)
		})
		.from(notices)
		.innerJoin(applications, eq(applications.id, notices.applicationId))
		.leftJoin(certificates, eq(certificates.id, notices.certificateId))
		.where(
			matches(
				notices.holderName,
				sql`coalesce(${certificates.certificateNo}, ${notices.paperNumber})`,
				sql`coalesce(${certificates.qualification}, ${notices.paperQualification})`
			)
		);
	const publicityRows = db()
		.select({
			kind: sql<string>`'publicity'`.as('kind'),
			key: sql<string>`${applications.id}::text`.as('key'),
			name: sql<string>`${applications.applicantName}`.as('name'),
			series: sql<string>`${applications.series}`.as('series'),
			qualification: sql<string>`coalesce(${applications.qualification}, '')`.as('qualification'),
			number: sql<string>`null::text`.as('number'),
			organisation: sql<string>`coalesce(${organisations.name}, '')`.as('organisation'),
			startsOn: sql<string>`${applications.publicityStartedOn}::text`.as('starts_on'),
			endsOn: sql<string | null>`null::text`.as('ends_on'),
			status: sql<string>`'publicity'`.as('status'),
			appState: sql<string>`${applications.state}`.as('app_state'),
			// Publicity starts with the committee's decision: midnight China time of that day.
			at: sql<string>`to_char(${applications.publicityStartedOn}::timestamp - interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as(
				'at'
			)
		})
		.from(applications)
		.leftJoin(organisations, eq(organisations.id, applications.employerId))
		.where(
			and(
				isNotNull(applications.publicityStartedOn),
				eq(applications.kind, 'evaluation'),
				matches(applications.applicantName, sql`coalesce(${applications.qualification}, '')`)
			)
		);
	const size = PAGE_SIZE + 1; // one extra tells whether there is a next page
	const offset = (page - 1) * PAGE_SIZE;
	const order = [desc(sql`starts_on`), desc(sql`at`), desc(sql`key`)];
	const rows =
		kind === 'notice'
			? await noticeRows
					.orderBy(...order)
					.limit(size)
					.offset(offset)
			: kind === 'publicity'
				? await publicityRows
						.orderBy(...order)
						.limit(size)
						.offset(offset)
				: await unionAll(noticeRows, publicityRows)
						.orderBy(...order)
						.limit(size)
						.offset(offset);

	const calendar = await currentCalendar();
	const today = chinaToday();
	const items: BoardItem[] = rows.slice(0, PAGE_SIZE).map((r) => {
		const period =
			r.kind === 'notice'
				? noticePeriod(calendar, r.startsOn)
				: { ...deadline(calendar, r.startsOn, PERIOD_WORKING_DAYS) };
		const endsOn = 'completesOn' in period ? period.completesOn : period.date;
		const state: NoticeState =
			r.kind === 'notice'
				? noticeState(
						{ status: r.status as Notice['status'], completesOn: endsOn },
						r.appState,
						today
					)
				: today <= endsOn && r.appState === 'publicity'
					? 'running'
					: 'completed';
		return {
			kind: r.kind as BoardItem['kind'],
			name: maskName(r.name),
			series: seriesName(r.series),
			qualification: r.qualification,
			certificateNo: r.number ? groupDigits(r.number) : null,
			organisation: r.organisation,
			startsOn: r.startsOn,
			endsOn,
			provisional: period.provisional,
			state,
			at: new Date(r.at),
			key: `${r.kind}-${r.key}`
		};
	});
	return { items, page, hasNext: rows.length > PAGE_SIZE, q, kind };
}

type Notice = typeof notices.$inferSelect;

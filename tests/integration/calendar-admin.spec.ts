import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { workingDayCalendar } from '../../src/lib/server/calendar/working-day-calendar.js';
import { nextYearReminder } from '../../src/lib/server/calendar/get-calendar-overview.js';
import { parseDates, saveYearSchedule } from '../../src/lib/server/calendar/save-year-schedule.js';
import { currentSchedules, refreshCalendar } from '../../src/lib/server/calendar/schedules.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { applications, calendarYears, notices } from '../../src/lib/server/db/schema/index.js';
import { publishNotice } from '../../src/lib/server/notices/publish-notice.js';
import { completeDraft, employerWithApplicant, platform } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	setClock(undefined);
	await handle.drop();
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

const y2027 = {
	year: 2027,
	status: 'confirmed' as const,
	holidays: '2027-01-01\n2027-02-06~2027-02-13\n10-1~10-7',
	workdays: '2027-02-20',
	source: '国办发明电〔2026〕×号（测试）'
};

describe(`calendar administration (${backend})`, () => {
	it('seeds the table from the bundled data (2004–2026 confirmed) and the server reads it', async () => {
		await refreshCalendar();
		const years = await currentSchedules();
		expect(years[0].year).toBe(2004);
		expect(years.find((s) => s.year === 2026)?.status).toBe('confirmed');
		expect(workingDayCalendar().addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
	});

	it('parses dates, ranges and month-day shorthand of the admin form', () => {
		expect(parseDates('2027-02-06~2027-02-08, 10-1；1.2', 2027)).toEqual([
			'2027-01-02',
			'2027-02-06',
			'2027-02-07',
			'2027-02-08',
			'2027-10-01'
		]);
	});

	it('refuses an inconsistent schedule with the reason in Chinese', async () => {
		const notWeekend = await refusal(
			saveYearSchedule(offices.city.actor, { ...y2027, workdays: '2027-02-22' })
		);
		expect(notWeekend.code).toBe('VALIDATION');
		expect(notWeekend.fields.workdays).toBe(
			'调休上班日 2027-02-22 不是周六或周日，请核对国务院通知'
		);
		const both = await refusal(
			saveYearSchedule(offices.city.actor, { ...y2027, workdays: '2027-02-06' })
		);
		expect(both.message).toContain('同时填为放假日和调休上班日');
		const wrongYear = await refusal(
			saveYearSchedule(offices.city.actor, { ...y2027, holidays: '2026-10-01' })
		);
		expect(wrongYear.message).toBe('2026-10-01 不在 2027 年内，请放到该年的安排中');
		const notDate = await refusal(
			saveYearSchedule(offices.city.actor, { ...y2027, holidays: '2027-02-30' })
		);
		expect(notDate.message).toContain('不是存在的日期');
	});

	it('only the city office enters a year', async () => {
		expect((await refusal(saveYearSchedule(offices.county.actor, y2027))).code).toBe('FORBIDDEN');
	});

	it('reminds the city office from November until next year is confirmed; confirming moves running notices and removes the reminder', async () => {
		setClock(() => new Date('2026-10-31T02:00:00Z'));
		expect(await nextYearReminder()).toBeNull();
		setClock(() => new Date('2026-12-30T02:00:00Z'));
		expect(await nextYearReminder()).toEqual({ year: 2027 });

		// A notice running into 2027 is provisional: Mon–Fri gives 12-31, 01-01, 01-04, 01-05, 01-06.
		const who = await employerWithApplicant('liujiang');
		const id = randomUUID();
		const content = completeDraft('reissue', {
			name: who.applicant.user.name,
			idNumber: who.applicant.idNumber,
			mobile: who.applicant.mobile,
			employerId: who.employer.orgId,
			level: 'junior'
		});
		await db()
			.insert(applications)
			.values({
				id,
				applicantId: who.applicant.user.id,
				kind: 'reissue',
				level: 'junior',
				series: 'engineering',
				applicantName: who.applicant.user.name,
				content: content as unknown as Record<string, unknown>
			});
		const { notice } = await publishNotice(who.applicant.actor, {
			applicationId: id,
			expectedVersion: 1,
			subject: {
				type: 'paper',
				series: 'engineering',
				qualification: '工程师',
				number: 'GC-2010-01',
				issuedOn: '2010-01-05',
				issuingOffice: '柳州市职称改革工作领导小组办公室'
			}
		});
		expect(notice).toMatchObject({ completesOn: '2027-01-06', provisional: true });

		await saveYearSchedule(offices.city.actor, y2027);
		expect(await nextYearReminder()).toBeNull();
		const [moved] = await db().select().from(notices).where(eq(notices.id, notice.id));
		// With New Year's Day off: 12-31, 01-04, 01-05, 01-06, 01-07.
		expect(moved).toMatchObject({ completesOn: '2027-01-07', provisional: false });
		expect(workingDayCalendar().isWorkingDay('2027-02-20')).toBe(true);
		const [row] = await db().select().from(calendarYears).where(eq(calendarYears.year, 2027));
		expect(row.updatedBy).toBe(offices.city.user.id);
	});
});

// The package's data, not its isWorkday(), which reads the wrong day west of UTC.
import packageData from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	createOfficialCalendar,
	deadline,
	needsNextYearReminder,
	scheduleSourceLabel,
	type YearSchedule
} from './calendar.js';
import { officialSchedules } from './holidays-data.js';
import { dayNumber, fromDayNumber, mondayToFriday } from './working-days.js';

const cal = createOfficialCalendar(officialSchedules);

function schedule(year: number, fields: Partial<YearSchedule> = {}): YearSchedule {
	return { year, status: 'confirmed', holidays: [], workdays: [], ...fields };
}

/** Each of the next `count` working days after `start`, one by one. */
function nextWorkingDays(start: string, count: number): string[] {
	return Array.from({ length: count }, (_, i) => cal.addWorkingDays(start, i + 1));
}

function naiveBetween(from: string, to: string): number {
	const [a, b] = [dayNumber(from), dayNumber(to)];
	let count = 0;
	for (let d = Math.min(a, b) + 1; d <= Math.max(a, b); d++) {
		if (cal.isWorkingDay(fromDayNumber(d))) count++;
	}
	return a <= b ? count : 0 - count; // +0, not -0, for toBe
}

describe('official calendar, 2026 schedule', () => {
	it('counts the 5 working days after Thursday 2026-02-12 across Spring Festival', () => {
		expect(nextWorkingDays('2026-02-12', 5)).toEqual([
			'2026-02-13',
			'2026-02-14', // Saturday, make-up working day
			'2026-02-24',
			'2026-02-25',
			'2026-02-26'
		]);
		expect(cal.addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
		expect(cal.workingDaysBetween('2026-02-12', '2026-02-26')).toBe(5);
		expect(deadline(cal, '2026-02-12', 5)).toEqual({ date: '2026-02-26', provisional: false });
	});

	it('skips Labour Day 2026 (May 1–5) and works Saturday May 9', () => {
		expect(cal.isWorkingDay('2026-05-04')).toBe(false); // a Monday off
		expect(cal.isWorkingDay('2026-05-09')).toBe(true);
		expect(nextWorkingDays('2026-04-30', 4)).toEqual([
			'2026-05-06',
			'2026-05-07',
			'2026-05-08',
			'2026-05-09'
		]);
	});

	it('crosses New Year 2026 from 2025-12-31: Jan 1–3 off, Sunday Jan 4 worked', () => {
		expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
		expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
		expect(cal.workingDaysBetween('2025-12-31', '2026-01-05')).toBe(2);
		expect(cal.workingDaysBetween('2026-01-05', '2025-12-31')).toBe(-2);
		expect(cal.isProvisional('2025-12-31', '2026-01-05')).toBe(false);
	});
});

describe('official calendar, 2025 schedule', () => {
	it('skips Spring Festival 2025 (Jan 28 – Feb 4) and works Sunday Jan 26 and Saturday Feb 8', () => {
		expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
		expect(cal.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
		expect(nextWorkingDays('2025-02-05', 3)).toEqual(['2025-02-06', '2025-02-07', '2025-02-08']);
	});

	it('skips National Day and Mid-Autumn 2025 (Oct 1–8) and works Sep 28 and Oct 11', () => {
		expect(cal.isWorkingDay('2025-09-28')).toBe(true); // Sunday
		expect(cal.isWorkingDay('2025-10-08')).toBe(false); // Wednesday
		expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday
		expect(cal.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
		expect(nextWorkingDays('2025-09-29', 5)).toEqual([
			'2025-09-30',
			'2025-10-09',
			'2025-10-10',
			'2025-10-11',
			'2025-10-13'
		]);
		expect(cal.workingDaysBetween('2025-09-27', '2025-10-12')).toBe(6);
	});
});

describe('provisional and missing years', () => {
	it('falls back to Monday–Friday for a missing year and marks deadlines touching it', () => {
		expect(cal.statusOf(2026)).toBe('confirmed');
		expect(cal.statusOf(2027)).toBe('provisional');
		expect(cal.isWorkingDay('2027-01-01')).toBe(true); // a Friday, whatever the notice says
		expect(cal.isProvisional('2027-03-01', '2027-03-05')).toBe(true);
		expect(cal.isProvisional('2027-01-04', '2026-12-30')).toBe(true);
		expect(deadline(cal, '2026-12-21', 5)).toEqual({ date: '2026-12-28', provisional: false });
		expect(deadline(cal, '2026-12-29', 5)).toEqual({ date: '2027-01-05', provisional: true });
	});

	it('ignores the dates of a provisional schedule until it is confirmed', () => {
		const draft = schedule(2027, { holidays: ['2027-02-08'], workdays: ['2027-02-06'] });
		const provisional = createOfficialCalendar([{ ...draft, status: 'provisional' }]);
		expect(provisional.isWorkingDay('2027-02-08')).toBe(true);
		expect(provisional.isWorkingDay('2027-02-06')).toBe(false);
		expect(provisional.isProvisional('2027-02-01', '2027-02-28')).toBe(true);

		const confirmed = createOfficialCalendar([draft]);
		expect(confirmed.isWorkingDay('2027-02-08')).toBe(false);
		expect(confirmed.isWorkingDay('2027-02-06')).toBe(true);
		expect(confirmed.isProvisional('2027-02-01', '2027-02-28')).toBe(false);
	});

	it('reminds the city office from November 1 while next year is not confirmed', () => {
		expect(needsNextYearReminder('2026-10-31', cal)).toBe(false);
		expect(needsNextYearReminder('2026-11-01', cal)).toBe(true);
		expect(needsNextYearReminder('2026-12-31', cal)).toBe(true);
		expect(needsNextYearReminder('2025-11-15', cal)).toBe(false); // 2026 is confirmed
		const with2027 = createOfficialCalendar([...officialSchedules, schedule(2027)]);
		expect(needsNextYearReminder('2026-11-01', with2027)).toBe(false);
	});

	it('rejects inconsistent schedules with a message naming the problem', () => {
		const bad = (s: YearSchedule[]) => () => createOfficialCalendar(s);
		expect(bad([schedule(2027), schedule(2027)])).toThrow(/Two schedules for 2027/);
		expect(bad([schedule(2027, { holidays: ['2026-12-31'] })])).toThrow(/not in 2027/);
		expect(bad([schedule(2027, { holidays: ['2027-02-31'] })])).toThrow(RangeError);
		expect(bad([schedule(2027, { holidays: ['2027-02-06'], workdays: ['2027-02-06'] })])).toThrow(
			/both/
		);
		expect(bad([schedule(2027, { workdays: ['2027-02-08'] })])).toThrow(/not a Saturday/);
	});
});

describe('generated data', () => {
	it('agrees day by day with the installed chinese-days (if not, rerun the generator)', () => {
		const years = officialSchedules.map((s) => s.year);
		expect([Math.min(...years), Math.max(...years)]).toEqual([2004, 2026]);
		const mismatches: string[] = [];
		for (let d = dayNumber('2004-01-01'); d <= dayNumber('2026-12-31'); d++) {
			const date = fromDayNumber(d);
			const working =
				date in packageData.workdays ||
				(!(date in packageData.holidays) && mondayToFriday.isWorkingDay(date));
			if (cal.isWorkingDay(date) !== working) mismatches.push(date);
		}
		expect(mismatches).toEqual([]);
	});
});

describe('properties', () => {
	const dateArb = fc
		.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2027-12-31') })
		.map(fromDayNumber);

	it('counting back the working days added gives n, and the end is the first such day', () => {
		fc.assert(
			fc.property(dateArb, fc.integer({ min: 0, max: 40 }), (date, n) => {
				const end = cal.addWorkingDays(date, n);
				expect(cal.workingDaysBetween(date, end)).toBe(n);
				expect(naiveBetween(date, end)).toBe(n);
				if (n >= 1) {
					expect(cal.isWorkingDay(end)).toBe(true);
					expect(cal.workingDaysBetween(date, fromDayNumber(dayNumber(end) - 1))).toBe(n - 1);
				}
			})
		);
	});

	it('workingDaysBetween matches a day-by-day count and is antisymmetric', () => {
		fc.assert(
			fc.property(dateArb, dateArb, (a, b) => {
				expect(cal.workingDaysBetween(a, b)).toBe(naiveBetween(a, b));
				expect(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, a)).toBe(0);
			})
		);
	});
});

describe('schedule source as shown', () => {
	it('names the bundled data in Chinese, and an office entry as written', () => {
		const bundled = scheduleSourceLabel(officialSchedules[0].source);
		const version = officialSchedules[0].source!.split('@')[1];
		expect(bundled).toBe(`国务院办公厅节假日安排（系统内置数据，${version} 版）`);
		expect(bundled).not.toMatch(/[A-Za-z@]/);
		expect(scheduleSourceLabel('国办发明电〔2026〕3号')).toBe('国办发明电〔2026〕3号');
		expect(scheduleSourceLabel(undefined)).toBe('');
	});
});

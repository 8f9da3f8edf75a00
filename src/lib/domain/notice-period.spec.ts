import { describe, expect, it } from 'vitest';
import { createOfficialCalendar } from './calendar.js';
import { officialSchedules } from './holidays-data.js';
import {
	chineseDate,
	isRunning,
	noticeBlockedMessage,
	noticePeriod,
	workingDaysLeft
} from './notice-period.js';

const calendar = createOfficialCalendar(officialSchedules);

describe('invalidation notice period', () => {
	it('published Thursday 2026-02-12 completes 2026-02-26 (Spring Festival, make-up Saturday) and is submittable from 02-27', () => {
		const p = noticePeriod(calendar, '2026-02-12');
		expect(p).toEqual({
			publishedOn: '2026-02-12',
			completesOn: '2026-02-26',
			submittableFrom: '2026-02-27',
			provisional: false
		});
	});

	it('is submittable on the Saturday after a Friday completion', () => {
		// Monday 2026-03-02 + 5 working days = Monday 03-09 → from Tuesday 03-10.
		expect(noticePeriod(calendar, '2026-03-02').submittableFrom).toBe('2026-03-10');
		// Friday 2026-03-06 + 5 = Friday 03-13 → from Saturday 03-14.
		expect(noticePeriod(calendar, '2026-03-06').submittableFrom).toBe('2026-03-14');
	});

	it('runs through its last day and counts the working days left', () => {
		const p = noticePeriod(calendar, '2026-03-02');
		expect(isRunning(p, '2026-03-02')).toBe(true);
		expect(isRunning(p, '2026-03-09')).toBe(true);
		expect(isRunning(p, '2026-03-10')).toBe(false);
		expect(workingDaysLeft(calendar, p, '2026-03-02')).toBe(5);
		expect(workingDaysLeft(calendar, p, '2026-03-06')).toBe(1);
		expect(workingDaysLeft(calendar, p, '2026-03-12')).toBe(0);
	});

	it('a period reaching into an unconfirmed year is provisional and says so', () => {
		const p = noticePeriod(calendar, '2026-12-28');
		expect(p.provisional).toBe(true);
		expect(noticeBlockedMessage(calendar, '2026-12-28')).toContain('暂定');
	});

	it('the refusal names the date from which the reissue can be submitted, in Chinese', () => {
		expect(noticeBlockedMessage(calendar, '2026-03-02')).toBe(
			'声明作废公示期满后（2026年3月10日起）方可提交。'
		);
		expect(chineseDate('2026-02-05')).toBe('2026年2月5日');
	});
});

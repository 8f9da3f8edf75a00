import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber, mondayToFriday as cal } from './working-days.js';

const dayArb = fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2099-12-31') });
const dateArb = dayArb.map(fromDayNumber);

/** Slow but obviously right: walk one day at a time. */
function naiveBetween(from: string, to: string): number {
	const [a, b] = [dayNumber(from), dayNumber(to)];
	let count = 0;
	for (let d = Math.min(a, b) + 1; d <= Math.max(a, b); d++) {
		if (cal.isWorkingDay(fromDayNumber(d))) count++;
	}
	return a <= b ? count : -count;
}

describe('mondayToFriday', () => {
	it('knows weekdays from weekends', () => {
		// 2026-05-01 is a Friday, so Saturday and Sunday follow.
		expect(cal.isWorkingDay('2026-05-01')).toBe(true);
		expect(cal.isWorkingDay('2026-05-02')).toBe(false);
		expect(cal.isWorkingDay('2026-05-03')).toBe(false);
		expect(cal.isWorkingDay('2026-05-04')).toBe(true);
	});

	it('does not count the publication day: a Monday notice of 5 days ends the next Monday', () => {
		expect(cal.addWorkingDays('2026-06-01', 5)).toBe('2026-06-08');
		expect(cal.addWorkingDays('2026-06-05', 5)).toBe('2026-06-12'); // Friday → Friday
		expect(cal.addWorkingDays('2026-06-06', 5)).toBe('2026-06-12'); // Saturday → Friday
		expect(cal.addWorkingDays('2026-06-06', 0)).toBe('2026-06-06');
	});

	it('crosses month and leap-year boundaries by UTC calendar dates', () => {
		expect(cal.addWorkingDays('2028-02-25', 3)).toBe('2028-03-01'); // Fri + 3 → Wed, past 29 Feb
		expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(cal.workingDaysBetween('2026-06-01', '2026-06-08')).toBe(5);
		expect(cal.workingDaysBetween('2026-06-08', '2026-06-01')).toBe(-5);
		expect(cal.workingDaysBetween('2026-06-06', '2026-06-07')).toBe(0);
	});

	it('rejects malformed dates and negative or fractional counts', () => {
		expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
		expect(() => cal.isWorkingDay('2026-6-1')).toThrow(RangeError);
		expect(() => cal.addWorkingDays('2026-06-01', -1)).toThrow(RangeError);
		expect(() => cal.addWorkingDays('2026-06-01', 1.5)).toThrow(RangeError);
	});

	it('addWorkingDays lands on a working day exactly n working days later', () => {
		fc.assert(
			fc.property(dateArb, fc.integer({ min: 1, max: 400 }), (date, n) => {
				const end = cal.addWorkingDays(date, n);
				expect(cal.isWorkingDay(end)).toBe(true);
				expect(cal.workingDaysBetween(date, end)).toBe(n);
				expect(naiveBetween(date, end)).toBe(n);
			})
		);
	});

	it('workingDaysBetween matches a day-by-day count and is antisymmetric', () => {
		fc.assert(
			fc.property(dateArb, fc.integer({ min: -60, max: 60 }), (from, offset) => {
				const to = fromDayNumber(dayNumber(from) + offset);
				expect(cal.workingDaysBetween(from, to)).toBe(naiveBetween(from, to));
				expect(cal.workingDaysBetween(to, from) + cal.workingDaysBetween(from, to)).toBe(0);
			})
		);
	});
});

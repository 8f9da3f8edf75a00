/**
 * Working-day arithmetic on calendar dates written as `YYYY-MM-DD`.
 *
 * Periods in the notice are counted in working days (工作日): the reissue invalidation notice and
 * the evaluation results publicity both last 5. The real calendar (official holidays and make-up
 * working days, 调休) arrives later behind the same interface; until then `mondayToFriday`
 * treats every Monday–Friday as a working day.
 *
 * Conventions shared by every implementation:
 * - Dates are plain calendar dates (China time is the caller's concern); arithmetic is done on
 *   UTC midnights so no time zone or DST can shift a day.
 * - `addWorkingDays(start, n)` does not count `start` itself: publishing on a Monday with n = 5
 *   ends the following Monday. n = 0 returns `start` unchanged.
 * - `workingDaysBetween(from, to)` counts the working days in (from, to], negative when `to` is
 *   before `from`; so `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 */
export interface WorkingDayCalendar {
	isWorkingDay(date: string): boolean;
	addWorkingDays(date: string, n: number): string;
	workingDaysBetween(from: string, to: string): number;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (a Thursday). Throws on anything that is not a real calendar date. */
export function dayNumber(date: string): number {
	const m = DATE_RE.exec(date);
	if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const d = new Date(0);
	d.setUTCFullYear(year, month - 1, day);
	if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
		throw new RangeError(`Not a calendar date: ${date}`);
	}
	return Math.floor(d.getTime() / DAY_MS);
}

export function fromDayNumber(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function isWeekday(n: number): boolean {
	const weekday = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
	return weekday !== 0 && weekday !== 6;
}

/** Working days in (a, b] for a ≤ b; any 7 consecutive days hold exactly 5 weekdays. */
function countWeekdays(a: number, b: number): number {
	const weeks = Math.floor((b - a) / 7);
	let count = weeks * 5;
	for (let d = a + weeks * 7 + 1; d <= b; d++) if (isWeekday(d)) count++;
	return count;
}

export const mondayToFriday: WorkingDayCalendar = {
	isWorkingDay: (date) => isWeekday(dayNumber(date)),
	addWorkingDays(date, n) {
		if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0: ${n}`);
		let d = dayNumber(date);
		let remaining = n;
		// Jump whole weeks but keep at least one day for the loop, so the result is a working day.
		const weeks = Math.max(0, Math.floor((remaining - 1) / 5));
		d += weeks * 7;
		remaining -= weeks * 5;
		while (remaining > 0) {
			d++;
			if (isWeekday(d)) remaining--;
		}
		return fromDayNumber(d);
	},
	workingDaysBetween(from, to) {
		const a = dayNumber(from);
		const b = dayNumber(to);
		return a <= b ? countWeekdays(a, b) : -countWeekdays(b, a);
	}
};

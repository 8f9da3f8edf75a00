/**
 * Working days on China's official calendar: statutory holidays and make-up working days (调休)
 * as the State Council publishes them each year, behind the `WorkingDayCalendar` interface.
 *
 * A year's schedule is either *confirmed* (the official notice has been entered) or
 * *provisional* (not published yet, or not entered). The arithmetic never guesses a holiday:
 * for a provisional or missing year it falls back to Monday–Friday, and everything computed
 * across such a year says so (`isProvisional`, `deadline().provisional`), so the UI can show the
 * date as provisional until the city office confirms the year.
 *
 * Every date belongs to the schedule of its own calendar year, even when an official notice
 * moves a working day into the previous December (as for New Year 2019): the office enters that
 * day in the earlier year's schedule. This keeps "which years does this range depend on" exact.
 */
import {
	dayNumber,
	fromDayNumber,
	mondayToFriday,
	type WorkingDayCalendar
} from './working-days.js';

export type YearStatus = 'confirmed' | 'provisional';

export type YearSchedule = {
	year: number;
	status: YearStatus;
	/** Days off, weekends inside a holiday period included (they change nothing). */
	holidays: string[];
	/** Make-up working days (调休上班), each a Saturday or Sunday. */
	workdays: string[];
	/** Where the schedule came from: a data package version or the State Council notice. */
	source?: string;
};

/**
 * A schedule's source as the city office reads it: the bundled data package's tag
 * (`chinese-days@1.5.7`, kept in the data for provenance) becomes Chinese; an office's own
 * entry (e.g. the State Council notice's number) is shown as written.
 */
export function scheduleSourceLabel(source: string | undefined): string {
	const bundled = /^chinese-days@([\w.-]+)$/.exec(source ?? '');
	return bundled ? `国务院办公厅节假日安排（系统内置数据，${bundled[1]} 版）` : (source ?? '');
}

export type OfficialCalendar = WorkingDayCalendar & {
	statusOf(year: number): YearStatus;
	/** True when any year touched by [from, to] (either order) is provisional or missing. */
	isProvisional(from: string, to: string): boolean;
};

export type Deadline = { date: string; provisional: boolean };

/** Sorted day numbers; counts members in (a, b] by binary search. */
class DaySet {
	private readonly days: number[];
	private readonly set: Set<number>;

	constructor(days: Iterable<number>) {
		this.set = new Set(days);
		this.days = [...this.set].sort((x, y) => x - y);
	}

	has(day: number): boolean {
		return this.set.has(day);
	}

	countIn(a: number, b: number): number {
		return this.firstAfter(b) - this.firstAfter(a);
	}

	/** Index of the first member greater than `day`. */
	private firstAfter(day: number): number {
		let [lo, hi] = [0, this.days.length];
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.days[mid] <= day) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}

function yearOf(date: string): number {
	dayNumber(date); // validates
	return Number(date.slice(0, 4));
}

/** Throws a RangeError naming the first inconsistency, so an admin form can show it. */
function validate(schedules: readonly YearSchedule[]): void {
	const years = new Set<number>();
	for (const s of schedules) {
		if (!Number.isInteger(s.year)) throw new RangeError(`Not a year: ${s.year}`);
		if (years.has(s.year)) throw new RangeError(`Two schedules for ${s.year}`);
		years.add(s.year);
		const holidays = new Set(s.holidays);
		for (const date of [...s.holidays, ...s.workdays]) {
			if (yearOf(date) !== s.year) throw new RangeError(`${date} is not in ${s.year}`);
		}
		for (const date of s.workdays) {
			if (holidays.has(date)) throw new RangeError(`${date} is both a holiday and a workday`);
			if (mondayToFriday.isWorkingDay(date)) {
				throw new RangeError(`Make-up working day ${date} is not a Saturday or Sunday`);
			}
		}
	}
}

export function createOfficialCalendar(schedules: readonly YearSchedule[]): OfficialCalendar {
	validate(schedules);
	const confirmed = schedules.filter((s) => s.status === 'confirmed');
	const confirmedYears = new Set(confirmed.map((s) => s.year));
	// Only the differences from Monday–Friday matter: weekdays taken off, weekend days worked.
	const lost = new DaySet(
		confirmed.flatMap((s) =>
			s.holidays.filter((d) => mondayToFriday.isWorkingDay(d)).map(dayNumber)
		)
	);
	const gained = new DaySet(confirmed.flatMap((s) => s.workdays.map(dayNumber)));

	const isWorkingDay = (day: number): boolean =>
		gained.has(day) || (!lost.has(day) && mondayToFriday.isWorkingDay(fromDayNumber(day)));

	const countBetween = (a: number, b: number): number =>
		mondayToFriday.workingDaysBetween(fromDayNumber(a), fromDayNumber(b)) -
		lost.countIn(a, b) +
		gained.countIn(a, b);

	const statusOf = (year: number): YearStatus =>
		confirmedYears.has(year) ? 'confirmed' : 'provisional';

	return {
		statusOf,
		isWorkingDay: (date) => isWorkingDay(dayNumber(date)),
		addWorkingDays(date, n) {
			if (!Number.isInteger(n) || n < 0) {
				throw new RangeError(`n must be a whole number ≥ 0: ${n}`);
			}
			let day = dayNumber(date);
			for (let remaining = n; remaining > 0;) if (isWorkingDay(++day)) remaining--;
			return fromDayNumber(day);
		},
		workingDaysBetween(from, to) {
			const [a, b] = [dayNumber(from), dayNumber(to)];
			return a <= b ? countBetween(a, b) : 0 - countBetween(b, a); // never -0
		},
		isProvisional(from, to) {
			const [y1, y2] = [yearOf(from), yearOf(to)];
			for (let y = Math.min(y1, y2); y <= Math.max(y1, y2); y++) {
				if (statusOf(y) !== 'confirmed') return true;
			}
			return false;
		}
	};
}

/** The date `n` working days after `start` (not counted), and whether it may still move. */
export function deadline(calendar: OfficialCalendar, start: string, n: number): Deadline {
	const date = calendar.addWorkingDays(start, n);
	return { date, provisional: calendar.isProvisional(start, date) };
}

/**
 * From November 1 the city office is reminded to enter next year's schedule until it is
 * confirmed; the State Council usually publishes it in November.
 */
export function needsNextYearReminder(today: string, calendar: OfficialCalendar): boolean {
	const year = yearOf(today);
	const month = Number(today.slice(5, 7));
	return month >= 11 && calendar.statusOf(year + 1) !== 'confirmed';
}

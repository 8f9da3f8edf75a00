/**
 * The invalidation notice's period (声明作废公示期) in words and dates people read: when it ends,
 * from which day the reissue may be submitted, how many working days are left. Pure; the state
 * graph's `noticeComplete` guard decides, this module only explains the same arithmetic.
 *
 * The day of publication does not count; the notice is complete at the end of its 5th working
 * day (`completesOn`), so submission is possible from the next calendar day (`submittableFrom`),
 * even when that is a weekend.
 */
import { deadline, type OfficialCalendar } from './calendar.js';
import { PERIOD_WORKING_DAYS } from './procedures.js';
import { dayNumber, fromDayNumber } from './working-days.js';
import { formatDate } from './date-format.js';

export interface NoticePeriod {
	publishedOn: string;
	completesOn: string;
	submittableFrom: string;
	/** The dates depend on a year whose official schedule is not confirmed yet (暂定). */
	provisional: boolean;
}

export function noticePeriod(calendar: OfficialCalendar, publishedOn: string): NoticePeriod {
	const end = deadline(calendar, publishedOn, PERIOD_WORKING_DAYS);
	return {
		publishedOn,
		completesOn: end.date,
		submittableFrom: fromDayNumber(dayNumber(end.date) + 1),
		provisional: end.provisional
	};
}

/** Running on `today`: published, not withdrawn, and its last day not yet over. */
export function isRunning(period: Pick<NoticePeriod, 'completesOn'>, today: string): boolean {
	return today <= period.completesOn;
}

/** Working days still to run after today (0 on the last day and after). */
export function workingDaysLeft(
	calendar: OfficialCalendar,
	period: Pick<NoticePeriod, 'completesOn'>,
	today: string
): number {
	return Math.max(0, calendar.workingDaysBetween(today, period.completesOn));
}

/** 2026-03-10 → 2026年3月10日 */
export function chineseDate(date: string): string {
	dayNumber(date); // validates
	return formatDate(date);
}

export const PROVISIONAL_NOTE = '（暂定：该年度法定节假日安排尚未确认，日期可能调整）';

/** The refusal when a reissue is submitted too early: names the day from which it can be. */
export function noticeBlockedMessage(calendar: OfficialCalendar, publishedOn: string): string {
	const period = noticePeriod(calendar, publishedOn);
	return (
		`声明作废公示期满后（${chineseDate(period.submittableFrom)}起）方可提交` +
		(period.provisional ? PROVISIONAL_NOTE : '。')
	);
}

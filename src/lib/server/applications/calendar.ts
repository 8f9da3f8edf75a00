import { createOfficialCalendar, type OfficialCalendar } from '#lib/domain/calendar.js';
import { officialSchedules } from '#lib/domain/holidays-data.js';
import { now } from '../clock.js';

let calendar: OfficialCalendar | undefined;

/**
 * The official working-day calendar (holidays and 调休 make-up days) for deadlines, periods and
 * waiting times. Years without a confirmed schedule fall back to Monday–Friday.
 */
export function workingDayCalendar(): OfficialCalendar {
	calendar ??= createOfficialCalendar(officialSchedules);
	return calendar;
}

/** Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD. */
export function chinaToday(at: Date = now()): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

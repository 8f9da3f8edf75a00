import type { OfficialCalendar } from '#lib/domain/calendar.js';
import { cachedCalendar } from './schedules.js';
import { now } from '../clock.js';

/**
 * The official working-day calendar (holidays and 调休 make-up days) for deadlines, periods and
 * waiting times: the year schedules the city office keeps in the database (calendar/schedules.ts,
 * cached). Years without a confirmed schedule fall back to Monday–Friday.
 */
export function workingDayCalendar(): OfficialCalendar {
	return cachedCalendar();
}

/** Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD. */
export function chinaToday(at: Date = now()): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

import { needsNextYearReminder, scheduleSourceLabel } from '#lib/domain/calendar.js';
import { chinaToday } from './working-day-calendar.js';
import { currentCalendar, currentSchedules } from './schedules.js';

/** What the city office's calendar screen and reminder show. */
export async function calendarOverview() {
	const calendar = await currentCalendar();
	const today = chinaToday();
	const year = Number(today.slice(0, 4));
	const schedules = await currentSchedules();
	return {
		today,
		nextYear: year + 1,
		remindNextYear: needsNextYearReminder(today, calendar),
		years: schedules
			.map((s) => ({
				year: s.year,
				status: s.status,
				holidays: s.holidays.length,
				workdays: s.workdays.length,
				source: scheduleSourceLabel(s.source)
			}))
			.reverse()
	};
}

/** From November: is next year's schedule still to be confirmed? (for the city office's nav). */
export async function nextYearReminder(): Promise<{ year: number } | null> {
	const calendar = await currentCalendar();
	const today = chinaToday();
	return needsNextYearReminder(today, calendar) ? { year: Number(today.slice(0, 4)) + 1 } : null;
}

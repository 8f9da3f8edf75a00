import { scheduleSourceLabel } from '#lib/domain/calendar.js';
import { authorize } from '#lib/server/auth/actor.js';
import { calendarOverview } from '#lib/server/calendar/get-calendar-overview.js';
import { saveYearSchedule } from '#lib/server/calendar/save-year-schedule.js';
import { currentSchedules } from '#lib/server/calendar/schedules.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	await authorize(requireActor(locals, url), 'calendar.manage', { type: 'platform' });
	const overview = await calendarOverview();
	const asked = Number(url.searchParams.get('year'));
	const year =
		Number.isInteger(asked) && asked >= 2004 && asked <= 2100 ? asked : overview.nextYear;
	const schedule = (await currentSchedules()).find((s) => s.year === year);
	return {
		...overview,
		editing: {
			year,
			status: schedule?.status ?? 'provisional',
			holidays: schedule?.holidays.join('\n') ?? '',
			workdays: schedule?.workdays.join('\n') ?? '',
			source: scheduleSourceLabel(schedule?.source)
		}
	};
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const data = await request.formData();
		const result = await attempt(data, () =>
			saveYearSchedule(requireActor(locals, url), {
				year: Number(str(data, 'year')),
				status: str(data, 'status') === 'confirmed' ? 'confirmed' : 'provisional',
				holidays: str(data, 'holidays'),
				workdays: str(data, 'workdays'),
				source: str(data, 'source')
			})
		);
		if (!('year' in result)) return result;
		return {
			saved: `${result.year} 年安排已保存（${result.status === 'confirmed' ? '已确认' : '暂定'}）。`
		};
	}
};

import { authorize } from '#lib/server/auth/actor.js';
import { requireActor } from '#lib/server/http/form.js';
import { nextYearReminder } from '#lib/server/calendar/get-calendar-overview.js';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	await authorize(requireActor(locals, url), 'organisation.list', { type: 'platform' });
	return { calendarReminder: await nextYearReminder() };
};

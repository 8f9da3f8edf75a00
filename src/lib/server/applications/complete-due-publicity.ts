import { and, eq, isNotNull } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { PERIOD_WORKING_DAYS } from '#lib/domain/procedures.js';
import { db } from '../db/index.js';
import { applications } from '../db/schema/index.js';
import { chinaToday, workingDayCalendar } from '../calendar/working-day-calendar.js';
import { transitionApplication } from './transition-application.js';

/**
 * Ends every results publicity (评审结果公示) whose 5 working days are over. Run by a
 * scheduled job (and on demand); idempotent: a finished one is simply no longer in the state.
 */
export async function completeDuePublicity(today = chinaToday()): Promise<number> {
	const calendar = workingDayCalendar();
	const rows = await db()
		.select({
			id: applications.id,
			version: applications.version,
			startedOn: applications.publicityStartedOn
		})
		.from(applications)
		.where(and(eq(applications.state, 'publicity'), isNotNull(applications.publicityStartedOn)));
	let done = 0;
	for (const row of rows) {
		if (!row.startedOn || today <= calendar.addWorkingDays(row.startedOn, PERIOD_WORKING_DAYS))
			continue;
		try {
			await transitionApplication('system', row.id, {
				event: { type: 'publicityComplete' },
				expectedVersion: row.version
			});
			done++;
		} catch (e) {
			if (!(e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'INVALID_STATE')))
				throw e;
		}
	}
	return done;
}

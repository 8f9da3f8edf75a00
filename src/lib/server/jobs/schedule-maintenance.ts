import type { PgBoss } from 'pg-boss';
import { sweepExpired } from '../auth/sweep-expired.js';
import { logger } from '../observability/logger.js';

export const SWEEP_QUEUE = 'sweep-expired';
/** Every 15 minutes; pg-boss's schedule creates one job per occurrence for the whole cluster. */
export const SWEEP_CRON = '*/15 * * * *';

/** Registers the periodic maintenance jobs on a started pg-boss and works them. */
export async function scheduleMaintenance(boss: PgBoss): Promise<void> {
	await boss.createQueue(SWEEP_QUEUE, { retryLimit: 3, expireInSeconds: 600 });
	await boss.schedule(SWEEP_QUEUE, SWEEP_CRON, null, { tz: 'Asia/Shanghai' });
	await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 30, batchSize: 1 }, async () => {
		const swept = await sweepExpired();
		if (swept.sessions || swept.throttle)
			logger.info(
				{ sessions: swept.sessions, throttleRows: swept.throttle },
				'expired sessions and throttle rows swept'
			);
	});
}

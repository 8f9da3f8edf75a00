import type { PgBoss } from 'pg-boss';
import { runPublicityJob } from '../applications/publicity-job.js';
import { sweepExpired } from '../auth/sweep-expired.js';
import { logger } from '../observability/logger.js';

/**
 * Every periodic job of the app is a pg-boss schedule: each instance registers the same
 * schedules (one row per queue in pg-boss's `schedule` table) and works the queues, but pg-boss
 * files ONE job per occurrence for the whole cluster (one cron pass per interval, a singleton
 * slot per occurrence) and hands each job to one worker. So a job runs once per cluster, not
 * once per instance. (The audit sequencer is not a job: it runs every 2 s under a tried
 * advisory lock, which one instance at a time wins.)
 */
export const SWEEP_QUEUE = 'sweep-expired';
/** Every 15 minutes. */
export const SWEEP_CRON = '*/15 * * * *';
export const PUBLICITY_QUEUE = 'publicity-complete';
/** Hourly, on the hour (China time); PUBLICITY_CRON overrides it (tests). */
export const PUBLICITY_CRON = process.env.PUBLICITY_CRON || '0 * * * *';
/** The start-up run: one per this many seconds for the whole cluster, however many start. */
const STARTUP_SLOT_S = 300;

/** Registers the periodic jobs on a started pg-boss and works them. */
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
		return { ...swept, pid: process.pid };
	});
	await boss.createQueue(PUBLICITY_QUEUE, { retryLimit: 3, expireInSeconds: 1800 });
	await boss.schedule(PUBLICITY_QUEUE, PUBLICITY_CRON, null, { tz: 'Asia/Shanghai' });
	await boss.work(PUBLICITY_QUEUE, { pollingIntervalSeconds: 5, batchSize: 1 }, async () => {
		const completed = await runPublicityJob();
		if (completed > 0) logger.info({ applications: completed }, 'publicity completed');
		// Kept as the job's output: which instance ran it (the two-instance test reads it).
		return { completed, pid: process.pid };
	});
	// Due publicity also ends at start-up (a server down over the hour): once for the cluster.
	await boss.send(PUBLICITY_QUEUE, null, {
		singletonKey: 'start-up',
		singletonSeconds: STARTUP_SLOT_S
	});
}

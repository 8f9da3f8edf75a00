import { and, eq, lt } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { smsMessages } from '../db/schema/index.js';
import { errorName, logger } from '../observability/logger.js';
import { smsProvider } from '../sms/config.js';
import { deliverSms, MAX_ATTEMPTS } from '../sms/deliver-sms.js';

export const SMS_QUEUE = 'sms-send';
export const SMS_RESCUE_QUEUE = 'sms-rescue';
/** Messages whose kick was lost (a crash between commit and kick) are found every minute. */
const RESCUE_CRON = '* * * * *';
const RESCUE_AFTER_MS = 30_000;

let active: PgBoss | undefined;

/**
 * Works the SMS queue on a started pg-boss: one job per message, retried with backoff
 * (15 s, 30 s, … up to 10 min) when the provider refuses or cannot be reached.
 */
export async function startSmsJobs(boss: PgBoss): Promise<void> {
	const provider = smsProvider();
	logger.info({ provider: provider.name }, 'SMS provider');
	await boss.createQueue(SMS_QUEUE, {
		retryLimit: MAX_ATTEMPTS - 1,
		retryDelay: 15,
		retryBackoff: true,
		retryDelayMax: 600,
		expireInSeconds: 120
	});
	await boss.createQueue(SMS_RESCUE_QUEUE, { retryLimit: 1, expireInSeconds: 120 });
	await boss.work<{ id: string }>(
		SMS_QUEUE,
		{ pollingIntervalSeconds: 1, batchSize: 1 },
		async ([job]) => {
			await deliverSms(job.data.id, provider);
		}
	);
	await boss.schedule(SMS_RESCUE_QUEUE, RESCUE_CRON, null, { tz: 'Asia/Shanghai' });
	await boss.work(SMS_RESCUE_QUEUE, { pollingIntervalSeconds: 30, batchSize: 1 }, async () => {
		await rescue(boss);
	});
	active = boss;
	await rescue(boss);
}

export function stopSmsJobs(): void {
	active = undefined;
}

async function rescue(boss: PgBoss): Promise<void> {
	const stale = await db()
		.select({ id: smsMessages.id })
		.from(smsMessages)
		.where(
			and(
				eq(smsMessages.status, 'queued'),
				eq(smsMessages.attempts, 0),
				lt(smsMessages.createdAt, new Date(now().getTime() - RESCUE_AFTER_MS))
			)
		)
		.limit(500);
	for (const row of stale) await boss.send(SMS_QUEUE, { id: row.id });
}

/**
 * Hands freshly committed messages to the queue at once. Without a running queue (tests, the
 * first seconds after start) this does nothing: the rescue run finds them.
 */
export async function kickSms(ids: readonly (string | null)[]): Promise<void> {
	const boss = active;
	if (!boss) return;
	for (const id of ids) {
		if (!id) continue;
		try {
			await boss.send(SMS_QUEUE, { id });
		} catch (e) {
			logger.error({ err: errorName(e) }, 'SMS not queued');
		}
	}
}

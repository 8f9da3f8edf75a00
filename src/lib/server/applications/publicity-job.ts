import { completeDuePublicity } from './publicity.js';
import { errorName, logger } from '../observability/logger.js';

/**
 * Ends due results publicity on a timer until a real job queue (pg-boss) takes over: once at
 * start, then hourly. One run at a time per process: a run still going when the next is due, or
 * the city office's button pressed meanwhile, shares that run instead of starting another.
 * Several instances may run it at once; each application moves under its optimistic lock, so a
 * second instance simply finds nothing left to do.
 */
const HOUR = 3600_000;
let running: Promise<number> | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

export function runPublicityJob(): Promise<number> {
	running ??= completeDuePublicity().finally(() => {
		running = null;
	});
	return running;
}

function tick(): void {
	runPublicityJob().then(
		(n) => {
			if (n > 0) logger.info({ applications: n }, 'publicity completed');
		},
		(e: unknown) => {
			// Never personal data in the log: the error's kind only.
			logger.error({ err: errorName(e) }, 'publicity job failed');
		}
	);
}

export function startPublicityJob(intervalMs = HOUR): void {
	if (timer) return;
	tick();
	timer = setInterval(tick, intervalMs);
	timer.unref();
}

export function stopPublicityJob(): void {
	if (timer) clearInterval(timer);
	timer = null;
}

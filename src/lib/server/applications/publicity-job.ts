import { completeDuePublicity } from './complete-due-publicity.js';

/**
 * Ends due results publicity. Run by the pg-boss schedule (jobs/schedule-maintenance.ts: at
 * start-up and hourly, once per cluster) and by the city office's button. One run at a time per
 * process: a run still going when the button is pressed shares that run instead of starting
 * another. Each application moves under its optimistic lock, so a run on another instance at
 * the same moment (the button there) simply finds nothing left to do.
 */
let running: Promise<number> | null = null;

export function runPublicityJob(): Promise<number> {
	running ??= completeDuePublicity().finally(() => {
		running = null;
	});
	return running;
}

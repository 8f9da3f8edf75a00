/**
 * Orderly shutdown: modules register what must happen before the database closes (flush a
 * log buffer, stop a timer); the server awaits them, then closes the database cleanly —
 * PGlite must never be killed mid-write.
 */
import { errorName, logger } from './observability/logger.js';

const hooks: (() => void | Promise<void>)[] = [];

export function onShutdown(fn: () => void | Promise<void>): void {
	hooks.push(fn);
}

export async function runShutdownHooks(): Promise<void> {
	for (const fn of hooks.splice(0).reverse()) {
		try {
			await fn();
		} catch (e) {
			logger.error({ err: errorName(e) }, 'shutdown step failed');
		}
	}
}

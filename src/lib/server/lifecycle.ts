/**
 * Orderly shutdown: modules register what must happen before the database closes (flush a
 * log buffer, stop a timer); the server awaits them, then closes the database cleanly —
 * PGlite must never be killed mid-write.
 */
const hooks: (() => void | Promise<void>)[] = [];

export function onShutdown(fn: () => void | Promise<void>): void {
	hooks.push(fn);
}

export async function runShutdownHooks(): Promise<void> {
	for (const fn of hooks.splice(0).reverse()) {
		try {
			await fn();
		} catch (e) {
			console.error('[zhicheng] shutdown step failed:', e instanceof Error ? e.name : 'unknown');
		}
	}
}

/** The server's notion of "now"; tests install a fake clock instead of sleeping. */
let source: () => Date = () => new Date();

export function now(): Date {
	return source();
}

export function setClock(fn: (() => Date) | undefined): void {
	source = fn ?? (() => new Date());
}

/**
 * Runs `fn` with the clock stopped at `at`, then puts the previous clock back: the demo seed
 * replays past days through the real transitions this way. Only while nothing else runs
 * (start-up, before the first request; a test).
 */
export async function atTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
	const previous = source;
	source = () => at;
	try {
		return await fn();
	} finally {
		source = previous;
	}
}

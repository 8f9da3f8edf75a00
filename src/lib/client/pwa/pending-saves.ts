/**
 * Edits typed but not yet written to IndexedDB (autosave is debounced by a few hundred ms).
 * Anything that is about to reload the page — the update prompt, sign-out — flushes first,
 * so what is on the screen is in IndexedDB before the page goes away.
 */
const flushers = new Set<() => Promise<void>>();

/** Registers a flush function; returns the unregister function (call it on destroy). */
export function registerFlush(flush: () => Promise<void>): () => void {
	flushers.add(flush);
	return () => flushers.delete(flush);
}

export async function flushPendingSaves(): Promise<void> {
	await Promise.all([...flushers].map((flush) => flush()));
}

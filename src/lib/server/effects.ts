/**
 * Wires one area's effects into another's use cases, so that the lower area never imports the
 * higher one (server folders depend on each other one way only; tests/unit/server-folders.spec.ts).
 * Called once at start-up (hooks.server.ts `init`) and by tests that run those use cases.
 */
import { onCalendarChange } from './calendar/calendar-changed.js';
import { registerCertificateEffects } from './certificates/register-effects.js';
import { recomputeRunningNotices } from './notices/status.js';

export function registerEffects(): void {
	// Transitions issue certificates through the handlers the certificates area registers.
	registerCertificateEffects();
	onCalendarChange('notices', async (tx, calendar) => ({
		noticesRecomputed: await recomputeRunningNotices(tx, calendar)
	}));
}

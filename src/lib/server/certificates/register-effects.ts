import { registerTransitionEffects } from '../applications/transition-effects.js';

/**
 * Lets the transitions issue certificates: a final approval or a conferral issues the
 * certificate (voiding a reissued one) and records the archive form, in the transition's own
 * transaction. Called once at start (hooks.server.ts), by the tests' set-up and by the demo seed.
 * Issuance (keys, numbering, archive forms) loads at the first such transition, not at start.
 */
export function registerCertificateEffects(): void {
	registerTransitionEffects('certificates', {
		handles: ['issueCertificate', 'voidOldCertificate', 'archiveFormReady'],
		run: async (tx, actor, application, effects) => {
			const { applyCertificateEffects } = await import('./issue-certificate.js');
			await applyCertificateEffects(tx, actor, application, effects);
		}
	});
}

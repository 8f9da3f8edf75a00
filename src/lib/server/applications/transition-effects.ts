import type { Effect } from '#lib/domain/procedures.js';
import type { Tx } from '../db/index.js';
import type { Application } from '../db/schema/index.js';
import type { TransitionActor } from './transition-application.js';

/**
 * Effects of a transition that belong to other areas (issuing a certificate on a final approval
 * or conferral, voiding the lost one, the archive form). The area registers a handler at start
 * (hooks.server.ts `init`; the tests' set-up; the demo seed), so the transition names no area
 * above it and the dependency runs one way: certificates → applications.
 *
 * A handler runs INSIDE the transition's transaction, after its step is written: the state,
 * the step, the effect's rows and the audit entries commit together or not at all. An effect
 * that the transition does not perform itself and no handler takes fails the transition, so a
 * missing registration can never approve an application without its certificate.
 */
export interface TransitionEffectHandler {
	/** The effect types this handler performs. */
	readonly handles: readonly Effect['type'][];
	run(tx: Tx, actor: TransitionActor, application: Application, effects: Effect[]): Promise<void>;
}

/** What the transition itself does: seals the step, notifies, records a period's start. */
const OWN_EFFECTS: readonly Effect['type'][] = [
	'seal',
	'notifyApplicant',
	'notifyAssignee',
	'startNotice',
	'startPublicity'
];

const handlers = new Map<string, TransitionEffectHandler>();

/** Registers (or replaces) the handler an area names `area`; idempotent. */
export function registerTransitionEffects(area: string, handler: TransitionEffectHandler): void {
	handlers.set(area, handler);
}

/** The effects that need a handler; throws when one has none. */
export function foreignEffects(effects: readonly Effect[]): Effect[] {
	const foreign = effects.filter((e) => !OWN_EFFECTS.includes(e.type));
	for (const effect of foreign) {
		if (![...handlers.values()].some((h) => h.handles.includes(effect.type)))
			throw new Error(`no handler registered for the transition effect ${effect.type}`);
	}
	return foreign;
}

/** Runs every handler that takes one of `effects`, in registration order, in `tx`. */
export async function runTransitionEffects(
	tx: Tx,
	actor: TransitionActor,
	application: Application,
	effects: Effect[]
): Promise<void> {
	for (const handler of handlers.values()) {
		const mine = effects.filter((e) => handler.handles.includes(e.type));
		if (mine.length) await handler.run(tx, actor, application, mine);
	}
}

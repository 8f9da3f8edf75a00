import { eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { can, type Action, type Actor, type Resource } from '#lib/domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { db, type Tx } from '../db/index.js';
import { organisations, type User } from '../db/schema/index.js';

/** Builds the policy's view of a signed-in user (one small query for staff, through `tx`). */
export async function actorOf(user: User, tx?: Tx): Promise<Actor> {
	if (user.kind === 'applicant' || !user.organisationId)
		return { kind: 'applicant', userId: user.id };
	const [org] = await (tx ?? db())
		.select({ id: organisations.id, type: organisations.type, status: organisations.status })
		.from(organisations)
		.where(eq(organisations.id, user.organisationId));
	if (!org) throw new Error('staff user without organisation');
	return {
		kind: 'staff',
		userId: user.id,
		orgId: org.id,
		orgType: org.type,
		orgStatus: org.status,
		role: user.role ?? 'reviewer'
	};
}

/**
 * Asks the policy; a refusal is audited and thrown as FORBIDDEN (or ORGANISATION_PENDING).
 * `tx`: the caller's open transaction, if any (the denial's audit entry is written through it).
 */
export async function authorize(
	actor: Actor | null,
	action: Action,
	resource: Resource,
	tx?: Tx
): Promise<void> {
	if (can(actor, action, resource)) return;
	await recordAudit(tx ?? db(), {
		actorUserId: actor?.userId ?? null,
		actorOrgId: actor?.kind === 'staff' ? actor.orgId : null,
		action,
		objectType: resource.type,
		objectId: 'id' in resource ? resource.id : null,
		result: 'denied'
	});
	if (!actor) throw new AppError('UNAUTHENTICATED');
	if (actor.kind === 'staff' && actor.orgStatus === 'pending')
		throw new AppError('ORGANISATION_PENDING');
	if (actor.kind === 'staff' && actor.orgStatus === 'rejected')
		throw new AppError('ORGANISATION_REJECTED');
	throw new AppError('FORBIDDEN');
}

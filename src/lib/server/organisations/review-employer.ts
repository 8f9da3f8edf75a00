import { and, eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { parseReason } from '#lib/domain/forms.js';
import type { Actor } from '#lib/domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { isUuid } from '../../domain/ids.js';
import { organisations } from '../db/schema/index.js';

/**
 * The city office approves or rejects a pending employer. The status change is conditional
 * on the row still being pending, so two officers deciding at once cannot both win.
 */
export async function reviewEmployer(
	actor: Actor,
	organisationId: string,
	decision: { approve: true } | { approve: false; reason: string }
): Promise<void> {
	if (!isUuid(organisationId)) throw new AppError('NOT_FOUND');
	await authorize(actor, decision.approve ? 'organisation.approve' : 'organisation.reject', {
		type: 'organisation',
		id: organisationId,
		orgType: 'employer'
	});
	let reason: string | null = null;
	if (!decision.approve) {
		const parsed = parseReason(decision.reason, '不通过的原因');
		if (!parsed.ok) throw new AppError('VALIDATION', { reason: parsed.message });
		reason = parsed.value;
	}
	await db().transaction(async (tx) => {
		const changed = await tx
			.update(organisations)
			.set({
				status: decision.approve ? 'active' : 'rejected',
				rejectionReason: reason,
				reviewedAt: now(),
				reviewedBy: actor.userId
			})
			.where(
				and(
					eq(organisations.id, organisationId),
					eq(organisations.type, 'employer'),
					eq(organisations.status, 'pending')
				)
			)
			.returning({ id: organisations.id });
		if (changed.length === 0) throw new AppError('INVALID_STATE');
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: decision.approve ? 'organisation.approve' : 'organisation.reject',
			objectType: 'organisation',
			objectId: organisationId,
			result: 'ok'
		});
	});
}

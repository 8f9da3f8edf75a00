import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { invalidateUserSessions } from '../auth/session.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { organisations, users } from '../db/schema/index.js';

/** Disabling an account ends all of its sessions in the same transaction. */
export async function disableUser(actor: Actor, userId: string): Promise<void> {
	if (!isUuid(userId)) throw new AppError('NOT_FOUND');
	const [target] = await db()
		.select({ id: users.id, orgId: users.organisationId, orgType: organisations.type })
		.from(users)
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.where(eq(users.id, userId));
	if (!target) throw new AppError('NOT_FOUND');
	await authorize(actor, 'user.disable', {
		type: 'user',
		id: target.id,
		orgId: target.orgId,
		orgType: target.orgType
	});
	await db().transaction(async (tx) => {
		const changed = await tx
			.update(users)
			.set({ disabledAt: now() })
			.where(and(eq(users.id, userId), isNull(users.disabledAt)))
			.returning({ id: users.id });
		if (!changed.length) throw new AppError('INVALID_STATE');
		await invalidateUserSessions(userId, tx);
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: 'user.disable',
			objectType: 'user',
			objectId: userId,
			result: 'ok'
		});
	});
}

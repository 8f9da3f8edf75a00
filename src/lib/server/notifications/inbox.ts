import { and, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '#lib/domain/policy.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { certificates, notifications } from '../db/schema/index.js';

/**
 * In-app notifications (站内消息): a person's own, plus — for staff of an active organisation —
 * the organisation's (new work in its queue). An organisation's notice read by one colleague is
 * read for all: it announces shared work, not a private message.
 */
export const INBOX_PAGE = 30;

function mine(actor: Actor): SQL {
	const own = eq(notifications.userId, actor.userId);
	return actor.kind === 'staff' && actor.orgStatus === 'active'
		? or(own, eq(notifications.organisationId, actor.orgId))!
		: own;
}

export async function unreadCount(actor: Actor): Promise<number> {
	const [row] = await db()
		.select({ n: sql<number>`count(*)::int` })
		.from(notifications)
		.where(and(mine(actor), isNull(notifications.readAt)));
	return Number(row?.n ?? 0);
}

export async function listNotifications(actor: Actor, opts: { before?: number } = {}) {
	const where = [mine(actor)];
	if (opts.before && Number.isSafeInteger(opts.before))
		where.push(lt(notifications.id, opts.before));
	const rows = await db()
		.select({
			id: notifications.id,
			text: notifications.text,
			applicationId: notifications.applicationId,
			createdAt: notifications.createdAt,
			readAt: notifications.readAt,
			forOrganisation: sql<boolean>`${notifications.organisationId} is not null`,
			certificateId: certificates.id
		})
		.from(notifications)
		// the holder's notices from the issuing decision on (same transaction: same now()) lead
		// to the certificate
		.leftJoin(
			certificates,
			and(
				eq(certificates.applicationId, notifications.applicationId),
				eq(certificates.holderUserId, notifications.userId),
				gte(notifications.createdAt, certificates.createdAt)
			)
		)
		.where(and(...where))
		.orderBy(desc(notifications.id))
		.limit(INBOX_PAGE + 1);
	return {
		rows: rows.slice(0, INBOX_PAGE),
		before: rows.length > INBOX_PAGE ? rows[INBOX_PAGE - 1].id : null
	};
}

/** Marks the given notifications (or all) read; ids that are not the actor's are ignored. */
export async function markRead(actor: Actor, ids: number[] | 'all'): Promise<number> {
	const where = [mine(actor), isNull(notifications.readAt)];
	if (ids !== 'all') {
		const valid = ids.filter((id) => Number.isSafeInteger(id) && id > 0).slice(0, 200);
		if (valid.length === 0) return 0;
		where.push(inArray(notifications.id, valid));
	}
	const done = await db()
		.update(notifications)
		.set({ readAt: now() })
		.where(and(...where))
		.returning({ id: notifications.id });
	return done.length;
}

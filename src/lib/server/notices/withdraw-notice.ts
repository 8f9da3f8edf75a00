import { and, eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { transitionApplication } from '../applications/transition-application.js';
import { recordAudit } from '../audit/record.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { applications, notices, type Notice } from '../db/schema/index.js';

/**
 * Withdraws a running notice (the applicant found the certificate, or published by mistake).
 * The reissue application is withdrawn with it (noticePublic → withdrawn) in the same
 * transaction; the notice itself stays on record with its withdrawal time.
 */
export async function withdrawNotice(actor: Actor, noticeId: string): Promise<Notice> {
	if (actor.kind !== 'applicant' || !isUuid(noticeId)) throw new AppError('NOT_FOUND');
	const [row] = await db()
		.select({ notice: notices, version: applications.version, state: applications.state })
		.from(notices)
		.innerJoin(applications, eq(applications.id, notices.applicationId))
		.where(and(eq(notices.id, noticeId), eq(notices.applicantId, actor.userId)));
	if (!row) throw new AppError('NOT_FOUND');
	if (row.notice.status === 'withdrawn' || row.state === 'withdrawn')
		throw new AppError('INVALID_STATE', {}, '该声明作废已撤回。');
	if (chinaToday() > row.notice.completesOn || row.state !== 'noticePublic')
		throw new AppError('INVALID_STATE', {}, '公示期已满，声明作废已生效，不能再撤回。');
	let withdrawn: Notice | undefined;
	await transitionApplication(actor, row.notice.applicationId, {
		event: { type: 'withdraw' },
		expectedVersion: row.version,
		detail: { notice: 'withdrawn' },
		within: async (tx) => {
			[withdrawn] = await tx
				.update(notices)
				.set({ status: 'withdrawn', withdrawnAt: now() })
				.where(and(eq(notices.id, noticeId), eq(notices.status, 'running')))
				.returning();
			if (!withdrawn) throw new AppError('CONFLICT');
			await recordAudit(tx, {
				actorUserId: actor.userId,
				action: 'notice.withdraw',
				objectType: 'notice',
				objectId: noticeId,
				result: 'ok',
				detail: { applicationId: row.notice.applicationId }
			});
		}
	});
	if (!withdrawn) throw new Error('notice not withdrawn');
	return withdrawn;
}

import { and, eq, gte, ne, or } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import { noticePeriod } from '#lib/domain/notice-period.js';
import type { Actor } from '#lib/domain/policy.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import {
	transitionApplication,
	type TransitionOutcome
} from '../applications/transition-application.js';
import { recordAudit } from '../audit/record.js';
import { currentCalendar } from '../calendar/schedules.js';
import { db, type Tx } from '../db/index.js';
import { applications, notices, organisations, type Notice } from '../db/schema/index.js';
import { resolveSubject, type SubjectColumns, type SubjectInput } from './subject.js';

/**
 * Publishes the invalidation notice (声明作废) of a reissue draft: the draft's `publishNotice`
 * transition and the notice row commit in one transaction (the transition's). The period is
 * computed on the official calendar as stored now; the day of publication does not count.
 * `tx`: a transaction the caller already holds (the demo seed's); all reads and writes go
 * through it.
 */
export async function publishNotice(
	actor: Actor,
	input: { applicationId: string; expectedVersion: number; subject: SubjectInput },
	tx?: Tx
): Promise<{ notice: Notice; outcome: TransitionOutcome }> {
	if (actor.kind !== 'applicant') throw new AppError('FORBIDDEN', {}, '声明作废由持证人本人发布。');
	const handle = tx ?? db();
	const app = await reissueDraftOf(handle, actor.userId, input.applicationId);
	const employer = await employerOf(handle, app.content);
	const calendar = await currentCalendar(tx); // exact: refreshes the cached calendar if old
	const today = chinaToday();
	const subject = await resolveSubject(handle, actor.userId, input.subject, today);
	await refuseRunningDuplicate(handle, subject, today);

	let notice: Notice | undefined;
	const outcome = await transitionApplication(
		actor,
		app.id,
		{
			event: { type: 'publishNotice' },
			expectedVersion: input.expectedVersion,
			patch: { employerId: employer.id, tier: employer.tier },
			detail: { notice: subject.label },
			within: async (t, updated) => {
				const period = noticePeriod(calendar, updated.noticeStartedOn ?? today);
				const columns: SubjectColumns = { ...subject };
				delete (columns as Partial<typeof subject>).label;
				[notice] = await t
					.insert(notices)
					.values({
						...columns,
						applicantId: actor.userId,
						applicationId: updated.id,
						holderName: updated.applicantName,
						publishedOn: period.publishedOn,
						completesOn: period.completesOn,
						provisional: period.provisional
					})
					.returning();
				await recordAudit(t, {
					actorUserId: actor.userId,
					action: 'notice.publish',
					objectType: 'notice',
					objectId: notice.id,
					result: 'ok',
					detail: {
						applicationId: updated.id,
						publishedOn: period.publishedOn,
						completesOn: period.completesOn,
						provisional: period.provisional
					}
				});
			}
		},
		tx
	);
	if (!notice) throw new Error('notice not written');
	return { notice, outcome };
}

async function reissueDraftOf(handle: Tx, applicantId: string, id: string) {
	// Nothing chosen is not a missing draft: say what to do on this form.
	if (!id)
		throw new AppError(
			'VALIDATION',
			{ draft: '请选择对应的补办申请' },
			'请选择这份声明作废对应的补办申请。'
		);
	const [app] = isUuid(id)
		? await handle
				.select()
				.from(applications)
				.where(and(eq(applications.id, id), eq(applications.applicantId, applicantId)))
		: [];
	if (!app)
		throw new AppError(
			'NOT_FOUND',
			{ draft: '所选的补办申请不存在' },
			'所选的补办申请已不在您的账号中（可能已在其他设备上删除）。请刷新页面后重新选择。'
		);
	if (app.kind !== 'reissue')
		throw new AppError('VALIDATION', {}, '只有“证书遗失补办”申请需要发布声明作废。');
	if (app.state !== 'draft')
		throw new AppError('INVALID_STATE', {}, '这份补办申请已发布过声明作废，不能重复发布。');
	return app;
}

/** The employer named in the draft: routing (who reviews after the notice) depends on it. */
async function employerOf(handle: Tx, content: Record<string, unknown>) {
	const employerId = String(
		(content.employment as { employerId?: unknown } | undefined)?.employerId ?? ''
	);
	const [employer] = isUuid(employerId)
		? await handle
				.select({ id: organisations.id, tier: organisations.tier })
				.from(organisations)
				.where(
					and(
						eq(organisations.id, employerId),
						eq(organisations.type, 'employer'),
						eq(organisations.status, 'active')
					)
				)
		: [];
	if (!employer)
		throw new AppError(
			'VALIDATION',
			{ 'employment.employerId': '请先在申请中选择所在单位' },
			'请先在补办申请中选择所在单位（已在平台注册并审核通过的单位），再发布声明作废。'
		);
	return employer;
}

/** One certificate is declared void once at a time. */
async function refuseRunningDuplicate(handle: Tx, subject: SubjectColumns, today: string) {
	const sameSubject = subject.certificateId
		? eq(notices.certificateId, subject.certificateId)
		: subject.paperCertificateId
			? or(
					eq(notices.paperCertificateId, subject.paperCertificateId),
					eq(notices.paperNumber, subject.paperNumber ?? '')
				)
			: and(
					eq(notices.paperNumber, subject.paperNumber ?? ''),
					eq(notices.paperIssuingOffice, subject.paperIssuingOffice ?? '')
				);
	const [running] = await handle
		.select({ id: notices.id, completesOn: notices.completesOn })
		.from(notices)
		.innerJoin(applications, eq(applications.id, notices.applicationId))
		.where(
			and(
				sameSubject,
				eq(notices.status, 'running'),
				gte(notices.completesOn, today),
				ne(applications.state, 'withdrawn')
			)
		)
		.limit(1);
	if (running)
		throw new AppError('INVALID_STATE', {}, '该证书的声明作废正在公示中，无需重复发布。');
}

import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import type { Actor } from '#lib/domain/policy.js';
import { authorize } from '../auth/actor.js';
import { db } from '../db/index.js';
import { applications, conferrals } from '../db/schema/index.js';
import { transitionApplication, type TransitionOutcome } from './transition-application.js';

const DOC_NUMBER = /^.{2,12}〔\d{4}〕\d{1,5}号$/u;

/**
 * The city office confers a batch of evaluations awaiting conferral under one document
 * number (发文文号, e.g. 柳职改字〔2026〕15号). Each application moves in its own transaction
 * with its own audit entry; ones that moved meanwhile are reported, not half-done.
 */
export async function conferBatch(
	actor: Actor,
	input: { documentNumber: string; conferredOn: string; applicationIds: string[] }
) {
	await authorize(actor, 'organisation.approve', { type: 'platform' });
	const documentNumber = input.documentNumber.trim();
	if (!DOC_NUMBER.test(documentNumber))
		throw new AppError('VALIDATION', { documentNumber: '发文文号格式应如：柳职改字〔2026〕15号' });
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.conferredOn))
		throw new AppError('VALIDATION', { conferredOn: '请填写授予日期' });
	if (input.applicationIds.length === 0)
		throw new AppError('VALIDATION', { applicationIds: '请至少选择一份申请' });
	const rows = await db()
		.select({ id: applications.id, version: applications.version })
		.from(applications)
		.where(
			and(
				inArray(applications.id, input.applicationIds),
				eq(applications.state, 'awaitingConferral')
			)
		);
	let [conferral] = await db()
		.select()
		.from(conferrals)
		.where(eq(conferrals.documentNumber, documentNumber));
	conferral ??= (
		await db()
			.insert(conferrals)
			.values({ documentNumber, conferredOn: input.conferredOn, createdBy: actor.userId })
			.returning()
	)[0];
	const done: TransitionOutcome[] = [];
	const skipped: string[] = input.applicationIds.filter((id) => !rows.some((r) => r.id === id));
	for (const row of rows) {
		try {
			done.push(
				await transitionApplication(actor, row.id, {
					event: { type: 'confer' },
					expectedVersion: row.version,
					opinion: documentNumber,
					patch: { conferralId: conferral.id }
				})
			);
		} catch (e) {
			if (!(e instanceof AppError)) throw e;
			skipped.push(row.id);
		}
	}
	return { conferralId: conferral.id, conferred: done, skipped };
}

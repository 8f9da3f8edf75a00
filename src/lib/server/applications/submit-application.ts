import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { validateForSubmit } from '#lib/domain/application-form.js';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import { canonical } from '../audit/record.js';
import { decrypt } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { applications, organisations, users } from '../db/schema/index.js';
import { transitionApplication, type TransitionOutcome } from './transition-application.js';

export function contentHashOf(content: unknown): string {
	return createHash('sha256').update(canonical(content)).digest('hex');
}

function newNumber(at = new Date()): string {
	return `ZC${at.getUTCFullYear()}${randomBytes(5).toString('hex').toUpperCase()}`;
}

/**
 * Submits a draft (or resubmits a returned application): the server validates everything
 * again with the same schema as the browser, takes the ID number from the profile (never
 * from the payload), fixes the content hash that seals will sign, and hands the application
 * to the state graph — all in the transition's single transaction.
 */
export async function submitApplication(
	actor: Actor,
	applicationId: string,
	expectedVersion: number
): Promise<TransitionOutcome> {
	if (actor.kind !== 'applicant' || !isUuid(applicationId)) throw new AppError('FORBIDDEN');
	const [app] = await db()
		.select()
		.from(applications)
		.where(and(eq(applications.id, applicationId), eq(applications.applicantId, actor.userId)));
	if (!app) throw new AppError('NOT_FOUND');
	const [profile] = await db().select().from(users).where(eq(users.id, actor.userId));
	const content = structuredClone(app.content) as Record<string, Record<string, unknown>>;
	if (content.personal && profile.idNumberEnc)
		content.personal.idNumber = decrypt(profile.idNumberEnc);
	const checked = validateForSubmit(content);
	if (!checked.ok)
		throw new AppError(
			'VALIDATION',
			checked.errors,
			'申请内容尚未填写完整，请按提示修改后再提交。'
		);
	const value = checked.value as unknown as {
		personal: { name: string };
		employment: { employerId: string };
		title: { level: Application['level']; series: string; qualification: string };
	};
	const employerId = value.employment.employerId;
	const [employer] = isUuid(employerId)
		? await db()
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
		throw new AppError('VALIDATION', {
			'employment.employerId': '请选择已在平台注册并审核通过的所在单位'
		});
	return transitionApplication(actor, app.id, {
		event: { type: app.state === 'returned' ? 'resubmit' : 'submit' },
		expectedVersion,
		patch: {
			employerId: employer.id,
			tier: employer.tier,
			content: checked.value as unknown as Record<string, unknown>,
			contentHash: contentHashOf(checked.value),
			number: app.number ?? newNumber(),
			applicantName: value.personal.name,
			level: value.title.level,
			series: value.title.series,
			qualification: value.title.qualification
		}
	});
}

type Application = typeof applications.$inferSelect;

import { and, asc, eq, isNull } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import type { Actor } from '#lib/domain/policy.js';
import { slaStatus, waitingDays } from '#lib/domain/sla.js';
import { dayNumber } from '#lib/domain/working-days.js';
import { db } from '../db/index.js';
import {
	applications,
	applicationSteps,
	organisations,
	paperMailings
} from '../db/schema/index.js';
import { chinaToday, workingDayCalendar } from '../calendar/working-day-calendar.js';
import { queueOwner } from './list-queue.js';
import { transitionApplication, type TransitionOutcome } from './transition-application.js';
import { loadVisible } from './get-application.js';

/**
 * Reconfirmation (调入人员职称重新确认): once the office approves, the employer mails the
 * original paper certificate to it, and the office records the receipt. Each record is the
 * state graph's transition (paperMailed / paperReceived) and the paper_mailings row, written
 * in the transition's single transaction.
 */
export const CARRIERS = ['中国邮政 EMS', '中国邮政挂号信', '顺丰速运', '京东物流', '其他'] as const;

function isDate(value: string): boolean {
	try {
		dayNumber(value);
		return true;
	} catch {
		return false;
	}
}

function checkDate(field: string, value: string, notBefore: string, beforeMessage: string) {
	if (!isDate(value)) throw new AppError('VALIDATION', { [field]: '请填写日期' });
	if (value > chinaToday()) throw new AppError('VALIDATION', { [field]: '日期不能晚于今天' });
	if (value < notBefore) throw new AppError('VALIDATION', { [field]: beforeMessage });
}

export interface MailingInput {
	expectedVersion: number;
	carrier: string;
	trackingNumber: string;
	mailedOn: string;
}

export async function recordPaperMailing(
	actor: Actor,
	applicationId: string,
	input: MailingInput
): Promise<TransitionOutcome> {
	const app = await loadVisible(actor, applicationId);
	const carrier = input.carrier.trim();
	const trackingNumber = input.trackingNumber.replace(/\s+/g, '').toUpperCase();
	const errors: Record<string, string> = {};
	if (Array.from(carrier).length < 2 || Array.from(carrier).length > 30)
		errors.carrier = '请选择或填写寄送方式';
	if (!/^[A-Z0-9-]{6,40}$/.test(trackingNumber))
		errors.trackingNumber = '运单号应为 6–40 位字母或数字';
	if (Object.keys(errors).length) throw new AppError('VALIDATION', errors);
	checkDate(
		'mailedOn',
		input.mailedOn,
		chinaToday(app.stateChangedAt),
		'寄出日期不能早于审批通过的日期'
	);
	return transitionApplication(actor, app.id, {
		event: { type: 'paperMailed' },
		expectedVersion: input.expectedVersion,
		detail: { carrier, trackingNumber, mailedOn: input.mailedOn },
		within: async (tx) => {
			await tx.insert(paperMailings).values({
				applicationId: app.id,
				carrier,
				trackingNumber,
				mailedOn: input.mailedOn
			});
		}
	});
}

export async function recordPaperReceipt(
	actor: Actor,
	applicationId: string,
	input: { expectedVersion: number; receivedOn: string }
): Promise<TransitionOutcome> {
	const app = await loadVisible(actor, applicationId);
	const [mailing] = await db()
		.select()
		.from(paperMailings)
		.where(eq(paperMailings.applicationId, app.id));
	if (!mailing) throw new AppError('INVALID_STATE', {}, '单位尚未登记寄出原证书。');
	checkDate('receivedOn', input.receivedOn, mailing.mailedOn, '签收日期不能早于寄出日期');
	return transitionApplication(actor, app.id, {
		event: { type: 'paperReceived' },
		expectedVersion: input.expectedVersion,
		detail: { receivedOn: input.receivedOn },
		within: async (tx) => {
			const done = await tx
				.update(paperMailings)
				.set({ receivedOn: input.receivedOn, receivedBy: actor.userId })
				.where(and(eq(paperMailings.applicationId, app.id), isNull(paperMailings.receivedOn)))
				.returning({ id: paperMailings.applicationId });
			if (done.length !== 1) throw new AppError('CONFLICT');
		}
	});
}

/**
 * Reconfirmations this office approved whose paper certificate the employer has not mailed
 * yet, oldest first, each with its service level (10 working days): the office's follow-up list.
 */
export async function owedMailings(actor: Actor) {
	const orgId = await queueOwner(actor);
	const rows = await db()
		.select({
			id: applications.id,
			number: applications.number,
			applicantName: applications.applicantName,
			stateChangedAt: applications.stateChangedAt,
			employerName: organisations.name
		})
		.from(applicationSteps)
		.innerJoin(applications, eq(applications.id, applicationSteps.applicationId))
		.leftJoin(organisations, eq(organisations.id, applications.employerId))
		.where(
			and(
				eq(applicationSteps.actorOrgId, orgId),
				eq(applicationSteps.toState, 'awaitingPaperMailing'),
				eq(applications.state, 'awaitingPaperMailing')
			)
		)
		.orderBy(asc(applications.stateChangedAt));
	const calendar = workingDayCalendar();
	const today = chinaToday();
	return rows.map((r) => {
		const waiting = waitingDays(calendar, chinaToday(r.stateChangedAt), today);
		return { ...r, waiting, sla: slaStatus('awaitingPaperMailing', waiting) };
	});
}

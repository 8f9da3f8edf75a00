import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import { can, type Actor } from '#lib/domain/policy.js';
import {
	assignee,
	eventLabels,
	guardLabels,
	opinionProblem,
	stateLabels,
	transition,
	type ApplicationSnapshot,
	type Effect,
	type ProcedureActor,
	type ProcedureEvent,
	type State
} from '#lib/domain/procedures.js';
import { noticeBlockedMessage } from '#lib/domain/notice-period.js';
import type { RoutingInput } from '#lib/domain/routing.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { now } from '../clock.js';
import { db, type Tx } from '../db/index.js';
import {
	applications,
	applicationSteps,
	notifications,
	organisations,
	type Application
} from '../db/schema/index.js';
import { chinaToday, workingDayCalendar } from '../calendar/working-day-calendar.js';
import { loadRouting } from './get-routing.js';
import { sealKeyOf, sealStep } from './seal-step.js';
import { foreignEffects, runTransitionEffects } from './transition-effects.js';

export interface TransitionInput {
	event: ProcedureEvent;
	/** The version the reviewer saw; a different current version means someone acted first. */
	expectedVersion: number;
	opinion?: string;
	returnSections?: string[];
	detail?: Record<string, unknown>;
	/** Extra column changes that belong to this transition (e.g. conferral id). */
	patch?: Partial<
		Pick<
			Application,
			| 'conferralId'
			| 'employerId'
			| 'tier'
			| 'contentHash'
			| 'number'
			| 'qualification'
			| 'applicantName'
			| 'content'
			| 'level'
			| 'series'
		>
	>;
	/**
	 * Writes that belong to this transition (e.g. the paper mailing row): run inside its
	 * transaction after the optimistic lock held, so they commit with it or not at all.
	 */
	within?: (tx: Tx, application: Application) => Promise<void>;
}

/**
 * The new state, with the flag the database asks for before it lets a state change
 * (drizzle/0010_state_written_by_transition.sql): `zc.transition` names this row and the version
 * written, transaction-local, and is set while the row's new values are computed — before the
 * trigger reads it, in the same statement, so it costs no round trip.
 */
function stateWrite(id: string, version: number, next: State) {
	return sql<State>`(${next} || left(set_config('zc.transition', ${`${id}:${version}`}, true), 0))`;
}

export interface TransitionOutcome {
	application: Application;
	effects: Effect[];
}

export function snapshotOf(app: Application): ApplicationSnapshot {
	return {
		kind: app.kind,
		level: app.level,
		series: app.series as ApplicationSnapshot['series'],
		state: app.state,
		applicantId: app.applicantId,
		reviewStarted: app.reviewStarted,
		noticeStartedOn: app.noticeStartedOn,
		publicityStartedOn: app.publicityStartedOn
	};
}

/** Server jobs (e.g. the end of a publicity period) act as the system, never a person. */
export type TransitionActor = Actor | 'system';

export function procedureActor(actor: TransitionActor): ProcedureActor {
	if (actor === 'system') return { kind: 'system' };
	return actor.kind === 'applicant'
		? { kind: 'applicant', userId: actor.userId }
		: { kind: 'org', orgType: actor.orgType, orgId: actor.orgId, userId: actor.userId };
}

/** Organisations involved in an application: employer, its supervisor, current assignee. */
export async function involvedOrgIds(tx: Tx, app: Application): Promise<string[]> {
	const ids = new Set<string>();
	if (app.employerId) {
		ids.add(app.employerId);
		const [emp] = await tx
			.select({ sup: organisations.supervisorId })
			.from(organisations)
			.where(eq(organisations.id, app.employerId));
		if (emp?.sup) ids.add(emp.sup);
	}
	if (app.assigneeOrgId) ids.add(app.assigneeOrgId);
	const past = await tx
		.selectDistinct({ org: applicationSteps.actorOrgId })
		.from(applicationSteps)
		.where(eq(applicationSteps.applicationId, app.id));
	for (const p of past) if (p.org) ids.add(p.org);
	return [...ids];
}

/**
 * The one way an application changes state. Loads it, asks the policy and the pure state graph,
 * then in ONE transaction: updates the row only if its version is still the one the actor saw
 * (optimistic lock), appends the step (sealed when approving), the notifications and the audit
 * entry. Exactly one of two concurrent reviewers succeeds; the other gets CONFLICT.
 * `tx`: a transaction the caller already holds (e.g. the demo seed's); everything is read and
 * written through it, the transition in a savepoint of it.
 */
export async function transitionApplication(
	actor: TransitionActor,
	applicationId: string,
	input: TransitionInput,
	tx?: Tx
): Promise<TransitionOutcome> {
	if (!isUuid(applicationId)) throw new AppError('NOT_FOUND');
	const handle = tx ?? db();
	const [app] = await handle.select().from(applications).where(eq(applications.id, applicationId));
	if (!app) throw new AppError('NOT_FOUND');
	const employerId = input.patch?.employerId ?? app.employerId;
	const routing = employerId ? await loadRouting(handle, employerId) : null;
	if (actor !== 'system') {
		const resource = (orgIds: string[]) => ({
			type: 'application' as const,
			id: app.id,
			applicantId: app.applicantId,
			orgIds
		});
		// The organisations at hand (employer, its supervisor, the assignee) usually settle it;
		// only otherwise are the past steps read, so a refusal is still decided on all of them.
		const atHand = [app.employerId, app.assigneeOrgId];
		if (routing && routing.employer.id === app.employerId)
			atHand.push(routing.employer.supervisorId);
		const known = atHand.filter((id): id is string => !!id);
		if (!can(actor, 'application.act', resource(known)))
			await authorize(actor, 'application.act', resource(await involvedOrgIds(handle, app)), tx);
	}
	if (app.version !== input.expectedVersion) throw new AppError('CONFLICT');
	if (!routing)
		throw new AppError('INVALID_STATE', {}, '该申请的所在单位或审核机构未设置，请联系市职改办。');
	const ctx = { routing, today: chinaToday(), calendar: workingDayCalendar() };
	const result = transition(
		snapshotOf({ ...app, ...input.patch }),
		input.event,
		procedureActor(actor),
		ctx
	);
	if (!result.ok) {
		await recordAudit(handle, {
			actorUserId: actor === 'system' ? null : actor.userId,
			actorOrgId: actor !== 'system' && actor.kind === 'staff' ? actor.orgId : null,
			action: `application.${input.event.type}`,
			objectType: 'application',
			objectId: app.id,
			result: 'denied',
			detail: { reason: result.reason }
		});
		if (result.code === 'FORBIDDEN') throw new AppError('FORBIDDEN');
		// A reissue submitted during its invalidation notice is told the day from which it can be.
		const message =
			result.guard === 'noticeComplete' && app.noticeStartedOn
				? noticeBlockedMessage(ctx.calendar, app.noticeStartedOn)
				: result.guard && guardLabels[result.guard];
		throw new AppError('INVALID_STATE', {}, message || undefined);
	}
	const opinion = input.opinion?.trim() ?? '';
	const problem = opinionProblem(input.event.type, opinion);
	if (problem) throw new AppError('VALIDATION', { opinion: problem });
	return handle.transaction(async (t) =>
		applyTransition(t, actor, app, input, result.next, result.effects, routing, opinion)
	);
}

async function applyTransition(
	tx: Tx,
	actor: TransitionActor,
	app: Application,
	input: TransitionInput,
	next: State,
	effects: Effect[],
	routing: RoutingInput,
	opinion: string
): Promise<TransitionOutcome> {
	const at = now();
	const nextAssignee = assignee(snapshotOf({ ...app, ...input.patch }), next, routing);
	const period = effects.find((e) => e.type === 'startNotice' || e.type === 'startPublicity');
	const orgId = actor !== 'system' && actor.kind === 'staff' ? actor.orgId : null;
	const userId = actor === 'system' ? null : actor.userId;
	const sealing = effects.some((e) => e.type === 'seal') && orgId !== null;
	// The seal key is read beside the update: both go to the server in one write.
	const [[updated], key] = await Promise.all([
		tx
			.update(applications)
			.set({
				state: stateWrite(app.id, input.expectedVersion + 1, next),
				version: sql`${applications.version} + 1`,
				assigneeOrgId: nextAssignee?.orgId ?? null,
				reviewStarted:
					app.reviewStarted ||
					(actor !== 'system' &&
						actor.kind === 'staff' &&
						['approve', 'return', 'reject'].includes(input.event.type)),
				...(period?.type === 'startNotice' ? { noticeStartedOn: period.startsOn } : {}),
				...(period?.type === 'startPublicity' ? { publicityStartedOn: period.startsOn } : {}),
				...(input.event.type === 'submit' || input.event.type === 'resubmit'
					? { submittedAt: at }
					: {}),
				...input.patch,
				stateChangedAt: at,
				updatedAt: at
			})
			.where(and(eq(applications.id, app.id), eq(applications.version, input.expectedVersion)))
			.returning(),
		sealing && orgId ? sealKeyOf(tx, orgId) : null
	]);
	if (!updated)
		throw new AppError('CONFLICT', {}, '该申请刚刚已被其他人处理，请刷新查看最新状态。');

	const seal =
		sealing && orgId
			? await sealStep(
					tx,
					{
						organisationId: orgId,
						reviewerId: userId ?? '',
						applicationId: app.id,
						contentHash: updated.contentHash ?? '',
						event: input.event.type,
						opinion,
						at
					},
					key ?? undefined
				)
			: null;
	const step = tx.insert(applicationSteps).values({
		applicationId: app.id,
		seq: updated.version,
		event: input.event.type,
		fromState: app.state,
		toState: next,
		actorUserId: userId,
		actorOrgId: orgId,
		opinion: opinion || null,
		returnSections: input.returnSections ?? null,
		detail: {
			...input.detail,
			...(input.event.type === 'committeeDecide' ? { passed: input.event.passed } : {})
		},
		seal,
		at
	});
	// Writes that may read the step (the caller's, a certificate issued by this transition)
	// come after it; otherwise the step goes out with the rest below.
	const foreign = foreignEffects(effects);
	const hooked = input.within !== undefined || foreign.length > 0;
	if (hooked) {
		await step;
		if (input.within) await input.within(tx, updated);
		// Effects of other areas, same transaction (transition-effects.ts): a final approval or
		// conferral issues the certificate (voiding a reissued one) and records the archive
		// form, or nothing commits.
		await runTransitionEffects(tx, actor, updated, foreign);
	}
	const text =
		`您的${updated.number ?? '申请'}：${eventLabels[input.event.type]}，当前状态：${stateLabels[next]}` +
		(effects.some((e) => e.type === 'issueCertificate')
			? '。职称电子证书已签发，点此查看和下载。'
			: '');
	const notices: (typeof notifications.$inferInsert)[] = [];
	if (effects.some((e) => e.type === 'notifyApplicant'))
		notices.push({ userId: app.applicantId, applicationId: app.id, text });
	if (nextAssignee)
		notices.push({
			organisationId: nextAssignee.orgId,
			applicationId: app.id,
			text: `新的待办：${app.applicantName}的申请（${stateLabels[next]}）`
		});
	// The step, its notifications and the audit entry depend on nothing of each other: sent
	// together (pipelined on the transaction's connection), they cost one round trip.
	await Promise.all([
		hooked ? null : step,
		notices.length ? tx.insert(notifications).values(notices) : null,
		recordAudit(tx, {
			actorUserId: userId,
			actorOrgId: orgId,
			action: `application.${input.event.type}`,
			objectType: 'application',
			objectId: app.id,
			result: 'ok',
			detail: { from: app.state, to: next, version: updated.version }
		})
	]);
	return { application: updated, effects };
}

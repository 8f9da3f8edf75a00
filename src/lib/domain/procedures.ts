/**
 * The four procedures of the city notice (柳职办〔2019〕17号) as one pure state graph.
 * The server, the UI and the tests read this module; no other code decides a transition.
 *
 *   evaluation      draft → awaitingEmployer → awaitingSupervisor → awaitingSeriesOffice
 *                   → awaitingCommittee → publicity (5 working days) → awaitingConferral → conferred
 *   recognition     draft → awaitingEmployer → awaitingSupervisor → awaitingTierOffice → approved
 *   reconfirmation  … → awaitingTierOffice → awaitingPaperMailing → awaitingPaperReceipt → completed
 *   reissue         draft → noticePublic (5 working days) → awaitingEmployer → … → approved
 *
 * Decisions:
 * - Each table row is `{ from, event, to, actor, guard?, effects? }`. `actor` is a role: the
 *   applicant, the system (server jobs only) or a step role from `routing.ts`, where `tierOffice`
 *   stands for 层级管理 (county office for county-tier employers, otherwise the city office).
 * - An org may act only if it IS the assignee of the current state (`assignee`), not merely of the
 *   right type. The applicant may act only on their own application (`applicantId`).
 * - Every review step offers approve (sealed), return (→ returned) and reject (→ rejected, final).
 *   `resubmit` from returned restarts at the employer; the step history is the caller's record.
 * - `withdraw` is open until the first review action (`reviewStarted`, which the caller derives
 *   from the step history): from noticePublic, or awaitingEmployer while no org has acted.
 * - Periods end at the close of `addWorkingDays(start, 5)` (the start day does not count), so
 *   submission / publicityComplete succeed only on a later day.
 * - Recognition, reconfirmation and reissue exist for junior and intermediate titles only (the
 *   notice: 中、初级); evaluation for all levels. Senior titles never get `issueCertificate`.
 * - Reconfirmation issues the certificate at approval; mailing the old paper one is follow-up.
 * - Checks run in order: level allowed → event exists from this state (INVALID_STATE) → actor
 *   permitted (FORBIDDEN) → guard holds (INVALID_STATE with `guard`).
 */
import { LEVELS, resolveRole, type Level, type OrgType, type RoutedOrg } from './routing.js';
import type { RoutingInput, SeriesCode, StepRole } from './routing.js';
import type { WorkingDayCalendar } from './working-days.js';

/** Kinds, states and events: the label maps (Chinese, for the UI) are the lists. */
export const procedureLabels = {
	evaluation: '职称评审',
	recognition: '职称认定',
	reconfirmation: '调入人员职称重新确认',
	reissue: '证书遗失补办'
} as const;
export type ProcedureKind = keyof typeof procedureLabels;
export const PROCEDURE_KINDS = Object.keys(procedureLabels) as ProcedureKind[];

/**
 * A hand-written list of every procedure (e.g. a page's cards, in its own order): returns it
 * unchanged, and tsc refuses it while a kind is missing.
 */
export function namesEveryKind<const T extends readonly { kind: ProcedureKind }[]>(
	list: T &
		([Exclude<ProcedureKind, T[number]['kind']>] extends [never]
			? unknown
			: { missingKind: Exclude<ProcedureKind, T[number]['kind']> })
): T {
	return list;
}

export const levelsByKind: Record<ProcedureKind, readonly Level[]> = {
	evaluation: LEVELS,
	recognition: ['junior', 'intermediate'],
	reconfirmation: ['junior', 'intermediate'],
	reissue: ['junior', 'intermediate']
};

export const stateLabels = {
	draft: '草稿',
	noticePublic: '声明作废公示中',
	awaitingEmployer: '待单位审核',
	awaitingSupervisor: '待主管单位审核',
	awaitingSeriesOffice: '待系列职改办审核',
	awaitingCommittee: '待评委会评审',
	publicity: '评审结果公示中',
	awaitingConferral: '待发文授予',
	conferred: '已授予',
	awaitingTierOffice: '待职改办审批',
	approved: '审批通过',
	awaitingPaperMailing: '待单位寄送原证书',
	awaitingPaperReceipt: '原证书已寄出，待职改办签收',
	completed: '已办结',
	returned: '已退回修改',
	rejected: '未通过',
	withdrawn: '已撤回',
	committeeFailed: '评审未通过'
} as const;
export type State = keyof typeof stateLabels;
export const STATES = Object.keys(stateLabels) as State[];

export const eventLabels = {
	publishNotice: '发布声明作废公示',
	submit: '提交',
	approve: '审核通过',
	return: '退回修改',
	reject: '不予通过',
	withdraw: '撤回',
	resubmit: '重新提交',
	committeeDecide: '录入评审结果',
	publicityComplete: '公示期满',
	confer: '发文授予',
	paperMailed: '登记寄出原证书',
	paperReceived: '登记签收原证书'
} as const;
export type EventType = keyof typeof eventLabels;
export const EVENT_TYPES = Object.keys(eventLabels) as EventType[];

/** Opinions, reasons, votes and document numbers travel beside the event (`opinionRules`). */
export type ProcedureEvent =
	{ type: Exclude<EventType, 'committeeDecide'> } | { type: 'committeeDecide'; passed: boolean };

export type ProcedureActor =
	| { kind: 'applicant'; userId: string }
	| { kind: 'org'; orgType: OrgType; orgId: string; userId?: string }
	| { kind: 'system' };

export type Role = StepRole | 'applicant' | 'system';
export type Guard =
	'notYetReviewed' | 'noticeComplete' | 'publicityComplete' | 'committeePassed' | 'committeeFailed';
type EffectTag = 'seal' | 'issueCertificate' | 'voidOldCertificate' | 'archiveForm' | 'startPeriod';

export interface TransitionRow {
	readonly from: State;
	readonly event: EventType;
	readonly to: State;
	readonly actor: Role;
	readonly guard?: Guard;
	readonly effects?: readonly EffectTag[];
}

/** The procedures that end in an archive form (存档材料): all but the reissue. */
export type ArchiveFormKind = Exclude<ProcedureKind, 'reissue'>;

/** Descriptive side effects; the server performs them after the transition commits. */
export type Effect =
	| { type: 'seal' }
	| { type: 'issueCertificate' }
	| { type: 'voidOldCertificate' }
	| { type: 'archiveFormReady'; form: ArchiveFormKind }
	| { type: 'startNotice' | 'startPublicity'; workingDays: 5; startsOn: string; endsOn: string }
	| { type: 'notifyApplicant' }
	| ({ type: 'notifyAssignee' } & RoutedOrg);

export interface ApplicationSnapshot {
	kind: ProcedureKind;
	level: Level;
	series: SeriesCode;
	state: State;
	applicantId: string;
	/** True once any organisation has approved, returned or rejected it. */
	reviewStarted: boolean;
	/** Reissue: day the invalidation notice (声明作废) went public, YYYY-MM-DD. */
	noticeStartedOn?: string | null;
	/** Evaluation: day the results publicity (评审结果公示) started, YYYY-MM-DD. */
	publicityStartedOn?: string | null;
}

export interface TransitionContext {
	routing: RoutingInput;
	/** Today's date in China time, YYYY-MM-DD. */
	today: string;
	calendar: WorkingDayCalendar;
}

export type TransitionResult =
	| { ok: true; next: State; role: Role; effects: Effect[] }
	| { ok: false; code: 'INVALID_STATE' | 'FORBIDDEN'; reason: string; guard?: Guard };

export const PERIOD_WORKING_DAYS = 5;

const review = (from: State, actor: StepRole, to: State, effects: EffectTag[] = []) =>
	[
		{ from, event: 'approve', to, actor, effects: ['seal', ...effects] },
		{ from, event: 'return', to: 'returned', actor },
		{ from, event: 'reject', to: 'rejected', actor }
	] as const satisfies readonly TransitionRow[];

// prettier-ignore
const start: readonly TransitionRow[] = [
	{ from: 'draft', event: 'submit', to: 'awaitingEmployer', actor: 'applicant' },
	{ from: 'awaitingEmployer', event: 'withdraw', to: 'withdrawn', actor: 'applicant', guard: 'notYetReviewed' },
	{ from: 'returned', event: 'resubmit', to: 'awaitingEmployer', actor: 'applicant' },
	...review('awaitingEmployer', 'employer', 'awaitingSupervisor')
];
const toTierOffice = [
	...start,
	...review('awaitingSupervisor', 'supervisor', 'awaitingTierOffice')
];

/** The graph: one table per procedure. */
// prettier-ignore
export const transitions: Record<ProcedureKind, readonly TransitionRow[]> = {
	evaluation: [
		...start,
		...review('awaitingSupervisor', 'supervisor', 'awaitingSeriesOffice'),
		...review('awaitingSeriesOffice', 'seriesOffice', 'awaitingCommittee'),
		{ from: 'awaitingCommittee', event: 'committeeDecide', to: 'publicity', actor: 'committee', guard: 'committeePassed', effects: ['startPeriod'] },
		{ from: 'awaitingCommittee', event: 'committeeDecide', to: 'committeeFailed', actor: 'committee', guard: 'committeeFailed' },
		{ from: 'publicity', event: 'publicityComplete', to: 'awaitingConferral', actor: 'system', guard: 'publicityComplete' },
		{ from: 'awaitingConferral', event: 'confer', to: 'conferred', actor: 'cityOffice', effects: ['issueCertificate', 'archiveForm'] }
	],
	recognition: [
		...toTierOffice,
		...review('awaitingTierOffice', 'tierOffice', 'approved', ['issueCertificate', 'archiveForm'])
	],
	reconfirmation: [
		...toTierOffice,
		...review('awaitingTierOffice', 'tierOffice', 'awaitingPaperMailing', ['issueCertificate', 'archiveForm']),
		{ from: 'awaitingPaperMailing', event: 'paperMailed', to: 'awaitingPaperReceipt', actor: 'employer' },
		{ from: 'awaitingPaperReceipt', event: 'paperReceived', to: 'completed', actor: 'tierOffice' }
	],
	reissue: [
		{ from: 'draft', event: 'publishNotice', to: 'noticePublic', actor: 'applicant', effects: ['startPeriod'] },
		{ from: 'noticePublic', event: 'submit', to: 'awaitingEmployer', actor: 'applicant', guard: 'noticeComplete' },
		{ from: 'noticePublic', event: 'withdraw', to: 'withdrawn', actor: 'applicant' },
		...toTierOffice.filter((row) => row.event !== 'submit'),
		...review('awaitingTierOffice', 'tierOffice', 'approved', ['voidOldCertificate', 'issueCertificate'])
	]
};

/** States in which the applicant may still change the content (so draft sync may write it). */
export const EDITABLE_STATES: readonly State[] = ['draft', 'returned'];

export function isEditable(state: State): boolean {
	return EDITABLE_STATES.includes(state);
}

/**
 * What a person must write with an event, counted in characters (code points) wherever it is
 * checked: the review form, bulk approval and the transition itself.
 */
export const OPINION_MAX = 1000;
export const opinionRules: Partial<Record<EventType, { min: number; missing: string }>> = {
	approve: { min: 2, missing: '请填写审核意见' },
	return: { min: 2, missing: '请写明需要修改的内容和原因' },
	reject: { min: 2, missing: '请写明不通过的原因' }
};

/** The message for an opinion `event` does not accept, or null when it is fine. */
export function opinionProblem(event: EventType, opinion: string): string | null {
	const length = Array.from(opinion.trim()).length;
	const rule = opinionRules[event];
	if (rule && length < rule.min) return rule.missing;
	if (length > OPINION_MAX) return `意见不能超过 ${OPINION_MAX} 字`;
	return null;
}

/** States nothing leaves: conferred, approved, completed, rejected, withdrawn, committeeFailed. */
export const TERMINAL_STATES: readonly State[] = STATES.filter((state) =>
	PROCEDURE_KINDS.every((kind) => transitions[kind].every((row) => row.from !== state))
);

const isStepRole = (role: Role): role is StepRole => role !== 'applicant' && role !== 'system';

/** Who moves an application on from `state`: an org step wins over an applicant's withdraw. */
export function ownerRole(kind: ProcedureKind, state: State): Role | null {
	const roles = transitions[kind].filter((r) => r.from === state).map((r) => r.actor);
	return roles.find(isStepRole) ?? roles[0] ?? null;
}

/** The organisation that must act in `state`; null when the applicant, the system or nobody acts. */
export function assignee(
	app: Pick<ApplicationSnapshot, 'kind' | 'series' | 'level'>,
	state: State,
	routing: RoutingInput
): RoutedOrg | null {
	const role = ownerRole(app.kind, state);
	return role && isStepRole(role) ? resolveRole(role, app, routing) : null;
}

export function isTerminal(state: State): boolean {
	return TERMINAL_STATES.includes(state);
}

function mayAct(
	role: Role,
	app: ApplicationSnapshot,
	actor: ProcedureActor,
	routing: RoutingInput
): boolean {
	if (role === 'applicant') return actor.kind === 'applicant' && actor.userId === app.applicantId;
	if (role === 'system') return actor.kind === 'system';
	const org = resolveRole(role, app, routing);
	return actor.kind === 'org' && org?.orgType === actor.orgType && org.orgId === actor.orgId;
}

function periodOver(startedOn: string | null | undefined, ctx: TransitionContext): boolean {
	if (!startedOn) return false;
	return ctx.today > ctx.calendar.addWorkingDays(startedOn, PERIOD_WORKING_DAYS);
}

function guardHolds(
	guard: Guard,
	app: ApplicationSnapshot,
	event: ProcedureEvent,
	ctx: TransitionContext
) {
	switch (guard) {
		case 'notYetReviewed':
			return !app.reviewStarted;
		case 'noticeComplete':
			return periodOver(app.noticeStartedOn, ctx);
		case 'publicityComplete':
			return periodOver(app.publicityStartedOn, ctx);
		case 'committeePassed':
		case 'committeeFailed':
			return event.type === 'committeeDecide' && event.passed === (guard === 'committeePassed');
	}
}

function effectsOf(row: TransitionRow, app: ApplicationSnapshot, ctx: TransitionContext): Effect[] {
	const effects: Effect[] = [];
	for (const tag of row.effects ?? []) {
		if (tag === 'startPeriod') {
			const type = app.kind === 'reissue' ? 'startNotice' : 'startPublicity';
			const endsOn = ctx.calendar.addWorkingDays(ctx.today, PERIOD_WORKING_DAYS);
			effects.push({ type, workingDays: PERIOD_WORKING_DAYS, startsOn: ctx.today, endsOn });
		} else if (tag === 'archiveForm') {
			if (app.kind !== 'reissue') effects.push({ type: 'archiveFormReady', form: app.kind });
		} else if (tag !== 'issueCertificate' || app.level !== 'senior') {
			effects.push({ type: tag });
		}
	}
	if (row.actor !== 'applicant') effects.push({ type: 'notifyApplicant' });
	const next = assignee(app, row.to, ctx.routing);
	if (next) effects.push({ type: 'notifyAssignee', ...next });
	return effects;
}

/** Apply `event` by `actor` to `app`; pure, never throws for a well-typed input. */
export function transition(
	app: ApplicationSnapshot,
	event: ProcedureEvent,
	actor: ProcedureActor,
	ctx: TransitionContext
): TransitionResult {
	if (!levelsByKind[app.kind].includes(app.level)) {
		return { ok: false, code: 'INVALID_STATE', reason: `no ${app.kind} at level ${app.level}` };
	}
	const rows = transitions[app.kind].filter((r) => r.from === app.state && r.event === event.type);
	if (rows.length === 0) {
		return {
			ok: false,
			code: 'INVALID_STATE',
			reason: `${event.type} not allowed in ${app.state}`
		};
	}
	const permitted = rows.filter((r) => mayAct(r.actor, app, actor, ctx.routing));
	if (permitted.length === 0) {
		return { ok: false, code: 'FORBIDDEN', reason: `actor may not ${event.type} in ${app.state}` };
	}
	const row = permitted.find((r) => !r.guard || guardHolds(r.guard, app, event, ctx));
	if (!row) {
		const guard = permitted[0].guard;
		return { ok: false, code: 'INVALID_STATE', reason: `guard ${guard} does not hold`, guard };
	}
	return { ok: true, next: row.to, role: row.actor, effects: effectsOf(row, app, ctx) };
}

/** Events `actor` could successfully send now (committeeDecide if either outcome is open). */
export function availableEvents(
	app: ApplicationSnapshot,
	actor: ProcedureActor,
	ctx: TransitionContext
): EventType[] {
	return EVENT_TYPES.filter((type) => {
		const events: ProcedureEvent[] =
			type === 'committeeDecide' ? [true, false].map((passed) => ({ type, passed })) : [{ type }];
		return events.some((event) => transition(app, event, actor, ctx).ok);
	});
}

/** What to tell a person when a guard blocks an otherwise allowed event. */
export const guardLabels: Record<Guard, string> = {
	notYetReviewed: '单位已开始审核，不能再撤回。',
	noticeComplete: '声明作废公示期（5 个工作日）尚未届满，期满后才能提交。',
	publicityComplete: '评审结果公示期（5 个工作日）尚未届满。',
	committeePassed: '评审结果有误，请重新录入。',
	committeeFailed: '评审结果有误，请重新录入。'
};

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	availableEvents,
	EVENT_TYPES,
	eventLabels,
	guardLabels,
	isTerminal,
	levelsByKind,
	ownerRole,
	PROCEDURE_KINDS,
	procedureLabels,
	STATES,
	stateLabels,
	TERMINAL_STATES,
	transition,
	transitions,
	type ProcedureActor,
	type ApplicationSnapshot,
	type Effect,
	type EventType,
	type ProcedureEvent,
	type ProcedureKind,
	type State,
	type TransitionResult
} from './procedures.js';
import {
	COUNTIES,
	LEVELS,
	ORG_TYPE_CODES,
	SERIES,
	type Level,
	type OrgType,
	type RoutingInput,
	type SeriesCode,
	type Tier
} from './routing.js';
import { dayNumber, fromDayNumber, mondayToFriday } from './working-days.js';

// ---------------------------------------------------------------------------------------------
// Factories and an independent oracle written from the notice, not from the implementation.

type Party = OrgType | 'tierOffice' | 'applicant' | 'system';

function directory(tier: Tier, employer = 'emp-1', supervisor = 'sup-1'): RoutingInput {
	return {
		employer: { id: employer, tier, supervisorId: supervisor },
		seriesOffices: Object.fromEntries(SERIES.map((s) => [s.code, `series-${s.code}`])),
		committees: Object.fromEntries(
			SERIES.map((s) => [s.code, Object.fromEntries(LEVELS.map((l) => [l, `cmt-${s.code}-${l}`]))])
		),
		countyOffices: Object.fromEntries(COUNTIES.map((c) => [c.code, `county-${c.code}`])),
		cityOfficeId: 'city'
	};
}

function makeApp(
	kind: ProcedureKind,
	overrides: Partial<ApplicationSnapshot> = {}
): ApplicationSnapshot {
	const level = levelsByKind[kind].includes('intermediate') ? 'intermediate' : 'junior';
	return {
		kind,
		level,
		series: 'engineering',
		state: 'draft',
		applicantId: 'u-1',
		reviewStarted: false,
		...overrides
	};
}

const ctxAt = (today: string, routing: RoutingInput) => ({
	today,
	routing,
	calendar: mondayToFriday
});

/** The organisation the notice names for a party, for an application routed by `routing`. */
function expectedOrg(
	party: Party,
	app: Pick<ApplicationSnapshot, 'series' | 'level'>,
	routing: RoutingInput
): { orgType: OrgType; orgId: string } | null {
	const tier = routing.employer.tier;
	const table: Partial<Record<Party, { orgType: OrgType; orgId: string }>> = {
		employer: { orgType: 'employer', orgId: routing.employer.id },
		supervisor: { orgType: 'supervisor', orgId: routing.employer.supervisorId ?? '' },
		seriesOffice: { orgType: 'seriesOffice', orgId: `series-${app.series}` },
		committee: { orgType: 'committee', orgId: `cmt-${app.series}-${app.level}` },
		cityOffice: { orgType: 'cityOffice', orgId: 'city' },
		tierOffice:
			tier === 'city'
				? { orgType: 'cityOffice', orgId: 'city' }
				: { orgType: 'countyOffice', orgId: `county-${tier}` }
	};
	return table[party] ?? null;
}

function actorFor(party: Party, app: ApplicationSnapshot, routing: RoutingInput): ProcedureActor {
	if (party === 'applicant') return { kind: 'applicant', userId: app.applicantId };
	if (party === 'system') return { kind: 'system' };
	const org = expectedOrg(party, app, routing);
	if (!org) throw new Error(`no org for ${party}`);
	return { kind: 'org', ...org, userId: `${org.orgId}-reviewer` };
}

/** Who acts in each state, read off the notice. */
const partyOf: Partial<Record<State, Party>> = {
	draft: 'applicant',
	noticePublic: 'applicant',
	returned: 'applicant',
	awaitingEmployer: 'employer',
	awaitingSupervisor: 'supervisor',
	awaitingSeriesOffice: 'seriesOffice',
	awaitingCommittee: 'committee',
	publicity: 'system',
	awaitingConferral: 'cityOffice',
	awaitingTierOffice: 'tierOffice',
	awaitingPaperMailing: 'employer',
	awaitingPaperReceipt: 'tierOffice'
};

const reviewChain: Record<ProcedureKind, Party[]> = {
	evaluation: ['employer', 'supervisor', 'seriesOffice'],
	recognition: ['employer', 'supervisor', 'tierOffice'],
	reconfirmation: ['employer', 'supervisor', 'tierOffice'],
	reissue: ['employer', 'supervisor', 'tierOffice']
};

const common: State[] = ['draft', 'awaitingEmployer', 'awaitingSupervisor', 'returned'];
const closed: State[] = ['rejected', 'withdrawn'];
const allowedStates: Record<ProcedureKind, State[]> = {
	evaluation: [
		...common,
		...closed,
		'awaitingSeriesOffice',
		'awaitingCommittee',
		'publicity',
		'awaitingConferral',
		'conferred',
		'committeeFailed'
	],
	recognition: [...common, ...closed, 'awaitingTierOffice', 'approved'],
	reconfirmation: [
		...common,
		...closed,
		'awaitingTierOffice',
		'awaitingPaperMailing',
		'awaitingPaperReceipt',
		'completed'
	],
	reissue: [...common, ...closed, 'noticePublic', 'awaitingTierOffice', 'approved']
};

/** States in which a junior/intermediate title has just been granted. */
const granting: State[] = ['conferred', 'approved', 'awaitingPaperMailing'];

const addDays = (date: string, days: number) => fromDayNumber(dayNumber(date) + days);

/** Drives one application through events, as the server would: applying the effects it returns. */
function walker(
	kind: ProcedureKind,
	overrides: Partial<ApplicationSnapshot> = {},
	tier: Tier = 'city'
) {
	const routing = directory(tier);
	let app = makeApp(kind, overrides);
	let today = '2026-06-01'; // a Monday
	const effects: Effect[] = [];
	return {
		routing,
		effects,
		get app() {
			return app;
		},
		get today() {
			return today;
		},
		wait(days: number) {
			today = addDays(today, days);
		},
		act(event: EventType | ProcedureEvent, party: Party, actor?: ProcedureActor): TransitionResult {
			const e = typeof event === 'string' ? ({ type: event } as ProcedureEvent) : event;
			const result = transition(
				app,
				e,
				actor ?? actorFor(party, app, routing),
				ctxAt(today, routing)
			);
			if (result.ok) {
				effects.push(...result.effects);
				app = applyEffects(app, result.next, result.effects, party);
			}
			return result;
		}
	};
}

function applyEffects(
	app: ApplicationSnapshot,
	next: State,
	effects: Effect[],
	party: Party | 'org'
): ApplicationSnapshot {
	const updated = { ...app, state: next };
	for (const effect of effects) {
		if (effect.type === 'startNotice') updated.noticeStartedOn = effect.startsOn;
		if (effect.type === 'startPublicity') updated.publicityStartedOn = effect.startsOn;
	}
	if (party !== 'applicant' && party !== 'system') updated.reviewStarted = true;
	return updated;
}

// ---------------------------------------------------------------------------------------------

describe('the graph as data', () => {
	it('has a Chinese label for every procedure, state, event and guard', () => {
		const labels = [
			...Object.values(procedureLabels),
			...Object.values(stateLabels),
			...Object.values(eventLabels),
			...Object.values(guardLabels)
		];
		for (const label of labels) expect(label).toMatch(/\p{Script=Han}/u);
		expect(STATES).toHaveLength(18);
		expect(PROCEDURE_KINDS).toEqual(['evaluation', 'recognition', 'reconfirmation', 'reissue']);
	});

	it('has exactly the final states of the notice as terminal states', () => {
		expect([...TERMINAL_STATES].sort()).toEqual(
			['approved', 'committeeFailed', 'completed', 'conferred', 'rejected', 'withdrawn'].sort()
		);
	});

	it.each(PROCEDURE_KINDS)('%s only uses states the notice allows for it', (kind) => {
		for (const row of transitions[kind]) {
			expect(allowedStates[kind]).toContain(row.from);
			expect(allowedStates[kind]).toContain(row.to);
			// Every row is acted on by the party the notice names for its state.
			const party = row.event === 'withdraw' ? 'applicant' : partyOf[row.from];
			expect(row.actor).toBe(party);
		}
	});

	it.each(PROCEDURE_KINDS)(
		'%s is deterministic: (state, event) pairs repeat only with guards',
		(kind) => {
			const seen = new Map<string, number>();
			for (const row of transitions[kind]) {
				const key = `${row.from}/${row.event}`;
				seen.set(key, (seen.get(key) ?? 0) + 1);
				if (row.event === 'committeeDecide')
					expect(row.guard).toMatch(/^committee(Passed|Failed)$/);
			}
			for (const [key, count] of seen)
				expect(count, key).toBe(key.endsWith('committeeDecide') ? 2 : 1);
		}
	);

	it('gives every live state exactly one owner', () => {
		for (const kind of PROCEDURE_KINDS) {
			for (const state of allowedStates[kind]) {
				expect(ownerRole(kind, state)).toBe(isTerminal(state) ? null : partyOf[state]);
			}
		}
	});
});

describe('happy paths', () => {
	it('evaluation: employer → supervisor → series office → committee → publicity → conferral', () => {
		const w = walker('evaluation', { level: 'intermediate' }, 'liubei');
		expect(w.act('submit', 'applicant')).toMatchObject({ ok: true, next: 'awaitingEmployer' });
		for (const party of ['employer', 'supervisor', 'seriesOffice'] as const) {
			const result = w.act('approve', party);
			expect(result.ok && result.effects).toContainEqual({ type: 'seal' });
		}
		expect(w.app.state).toBe('awaitingCommittee');
		const decided = w.act({ type: 'committeeDecide', passed: true }, 'committee');
		expect(decided).toMatchObject({ ok: true, next: 'publicity' });
		expect(decided.ok && decided.effects).toContainEqual({
			type: 'startPublicity',
			workingDays: 5,
			startsOn: '2026-06-01',
			endsOn: '2026-06-08'
		});
		w.wait(7); // 2026-06-08: the last day of the publicity
		expect(w.act('publicityComplete', 'system')).toMatchObject({
			ok: false,
			code: 'INVALID_STATE',
			guard: 'publicityComplete'
		});
		w.wait(1);
		expect(w.act('publicityComplete', 'system')).toMatchObject({
			ok: true,
			next: 'awaitingConferral'
		});
		const conferred = w.act('confer', 'cityOffice');
		expect(conferred).toMatchObject({ ok: true, next: 'conferred' });
		expect(conferred.ok && conferred.effects).toEqual([
			{ type: 'issueCertificate' },
			{ type: 'archiveFormReady', form: 'evaluation' },
			{ type: 'notifyApplicant' }
		]);
	});

	it('a failed committee vote ends the evaluation', () => {
		const w = walker('evaluation');
		w.act('submit', 'applicant');
		for (const party of reviewChain.evaluation) w.act('approve', party);
		expect(w.act({ type: 'committeeDecide', passed: false }, 'committee')).toMatchObject({
			ok: true,
			next: 'committeeFailed'
		});
	});

	it('senior evaluations are conferred without an electronic certificate', () => {
		for (const level of LEVELS) {
			const w = walker('evaluation', { level });
			w.act('submit', 'applicant');
			for (const party of reviewChain.evaluation) w.act('approve', party);
			w.act({ type: 'committeeDecide', passed: true }, 'committee');
			w.wait(30);
			w.act('publicityComplete', 'system');
			expect(w.act('confer', 'cityOffice')).toMatchObject({ ok: true, next: 'conferred' });
			const certificates = w.effects.filter((e) => e.type === 'issueCertificate');
			expect(certificates).toHaveLength(level === 'senior' ? 0 : 1);
		}
	});

	it.each(['city', 'rongan'] as const)(
		'recognition of a %s employer ends at its tier office',
		(tier) => {
			const w = walker('recognition', {}, tier);
			w.act('submit', 'applicant');
			w.act('approve', 'employer');
			const toOffice = w.act('approve', 'supervisor');
			const office = tier === 'city' ? 'city' : 'county-rongan';
			expect(toOffice.ok && toOffice.effects).toContainEqual(
				expect.objectContaining({ type: 'notifyAssignee', orgId: office })
			);
			const approved = w.act('approve', 'tierOffice');
			expect(approved).toMatchObject({ ok: true, next: 'approved' });
			expect(approved.ok && approved.effects.map((e) => e.type)).toEqual([
				'seal',
				'issueCertificate',
				'archiveFormReady',
				'notifyApplicant'
			]);
		}
	);

	it('reconfirmation: after approval the employer mails the paper certificate and the office receives it', () => {
		const w = walker('reconfirmation', {}, 'liujiang');
		w.act('submit', 'applicant');
		for (const party of reviewChain.reconfirmation) w.act('approve', party);
		expect(w.app.state).toBe('awaitingPaperMailing');
		expect(w.act('paperReceived', 'tierOffice')).toMatchObject({ code: 'INVALID_STATE' });
		expect(w.act('paperMailed', 'tierOffice')).toMatchObject({ code: 'FORBIDDEN' });
		expect(w.act('paperMailed', 'employer')).toMatchObject({
			ok: true,
			next: 'awaitingPaperReceipt'
		});
		expect(w.act('paperReceived', 'employer')).toMatchObject({ code: 'FORBIDDEN' });
		expect(w.act('paperReceived', 'tierOffice')).toMatchObject({ ok: true, next: 'completed' });
	});

	it('reissue: submission is refused until the 5-working-day notice is over', () => {
		const w = walker('reissue', {}, 'sanjiang');
		expect(w.act('submit', 'applicant')).toMatchObject({ code: 'INVALID_STATE' });
		const published = w.act('publishNotice', 'applicant');
		expect(published.ok && published.effects).toContainEqual({
			type: 'startNotice',
			workingDays: 5,
			startsOn: '2026-06-01',
			endsOn: '2026-06-08'
		});
		w.wait(7);
		expect(w.act('submit', 'applicant')).toMatchObject({
			code: 'INVALID_STATE',
			guard: 'noticeComplete'
		});
		w.wait(1);
		expect(w.act('submit', 'applicant')).toMatchObject({ ok: true, next: 'awaitingEmployer' });
		for (const party of reviewChain.reissue) w.act('approve', party);
		expect(w.app.state).toBe('approved');
		expect(w.effects.map((e) => e.type)).toEqual(
			expect.arrayContaining(['voidOldCertificate', 'issueCertificate'])
		);
	});

	it('refuses kinds at levels the notice does not offer them', () => {
		const w = walker('recognition', { level: 'senior' });
		expect(w.act('submit', 'applicant')).toMatchObject({ ok: false, code: 'INVALID_STATE' });
	});
});

describe('withdraw, return and resubmit', () => {
	it('lets the applicant withdraw only before the first review action', () => {
		const fresh = walker('recognition');
		fresh.act('submit', 'applicant');
		expect(fresh.act('withdraw', 'applicant')).toMatchObject({ ok: true, next: 'withdrawn' });

		const reviewed = walker('recognition');
		reviewed.act('submit', 'applicant');
		reviewed.act('return', 'employer');
		reviewed.act('resubmit', 'applicant');
		expect(reviewed.app.state).toBe('awaitingEmployer');
		expect(reviewed.act('withdraw', 'applicant')).toMatchObject({
			ok: false,
			code: 'INVALID_STATE',
			guard: 'notYetReviewed'
		});
		reviewed.act('approve', 'employer');
		expect(reviewed.act('withdraw', 'applicant')).toMatchObject({ code: 'INVALID_STATE' });

		const notice = walker('reissue');
		notice.act('publishNotice', 'applicant');
		expect(notice.act('withdraw', 'applicant')).toMatchObject({ ok: true, next: 'withdrawn' });
	});

	it('returns to the applicant and restarts at the employer on resubmission', () => {
		const w = walker('evaluation', {}, 'yufeng');
		w.act('submit', 'applicant');
		w.act('approve', 'employer');
		w.act('approve', 'supervisor');
		const returned = w.act('return', 'seriesOffice');
		expect(returned).toMatchObject({ ok: true, next: 'returned' });
		expect(returned.ok && returned.effects).toEqual([{ type: 'notifyApplicant' }]);
		expect(w.act('approve', 'employer')).toMatchObject({ code: 'INVALID_STATE' });
		expect(w.act('resubmit', 'applicant')).toMatchObject({ ok: true, next: 'awaitingEmployer' });
		expect(w.act('approve', 'seriesOffice')).toMatchObject({ code: 'FORBIDDEN' });
		expect(w.act('approve', 'supervisor')).toMatchObject({ code: 'FORBIDDEN' });
		expect(w.act('approve', 'employer')).toMatchObject({ ok: true, next: 'awaitingSupervisor' });
	});

	it('rejection is final', () => {
		const w = walker('reissue');
		w.act('publishNotice', 'applicant');
		w.wait(14);
		w.act('submit', 'applicant');
		w.act('approve', 'employer');
		expect(w.act('reject', 'supervisor')).toMatchObject({ ok: true, next: 'rejected' });
		expect(w.act('resubmit', 'applicant')).toMatchObject({ code: 'INVALID_STATE' });
	});
});

describe('availableEvents', () => {
	it('offers each party only what it may do now', () => {
		const w = walker('evaluation');
		const ctx = () => ctxAt(w.today, w.routing);
		const events = (party: Party) =>
			availableEvents(w.app, actorFor(party, w.app, w.routing), ctx());
		expect(events('applicant')).toEqual(['submit']);
		expect(events('employer')).toEqual([]);
		w.act('submit', 'applicant');
		expect(events('applicant')).toEqual(['withdraw']);
		expect(events('employer')).toEqual(['approve', 'return', 'reject']);
		expect(events('supervisor')).toEqual([]);
		w.act('approve', 'employer');
		expect(events('applicant')).toEqual([]);
		w.act('approve', 'supervisor');
		w.act('approve', 'seriesOffice');
		expect(events('committee')).toEqual(['committeeDecide']);
		w.act({ type: 'committeeDecide', passed: true }, 'committee');
		expect(events('system')).toEqual([]);
		w.wait(8);
		expect(events('system')).toEqual(['publicityComplete']);
	});
});

// ---------------------------------------------------------------------------------------------

describe('permissions', () => {
	/** One representative row per (kind, state, event), with guards satisfied. */
	const cases = PROCEDURE_KINDS.flatMap((kind) =>
		transitions[kind]
			.filter((row) => row.guard !== 'committeeFailed')
			.map((row) => {
				const app = makeApp(kind, {
					state: row.from,
					series: 'health',
					noticeStartedOn: '2026-01-05',
					publicityStartedOn: '2026-01-05'
				});
				const event: ProcedureEvent =
					row.event === 'committeeDecide' ? { type: row.event, passed: true } : { type: row.event };
				return { kind, row, app, event };
			})
	);
	const routingB = directory('sanjiang', 'emp-2', 'sup-2');
	const ctx = ctxAt('2026-06-01', routingB);
	// Every organisation of routing A that plays no part in an application routed by B.
	const foreignIds = [
		'emp-1',
		'sup-1',
		'series-engineering',
		'cmt-engineering-junior',
		'cmt-health-senior',
		'county-chengzhong',
		'city-of-another-platform'
	];

	it('covers every event of the graph', () => {
		expect(new Set(cases.map((c) => c.event.type))).toEqual(new Set(EVENT_TYPES));
	});

	it("refuses every org type for every event on another organisation's application", () => {
		for (const { app, event } of cases) {
			for (const orgType of ORG_TYPE_CODES) {
				for (const orgId of foreignIds) {
					const result = transition(app, event, { kind: 'org', orgType, orgId }, ctx);
					expect(result, `${orgType} ${orgId} ${app.kind} ${event.type}`).toMatchObject({
						ok: false,
						code: 'FORBIDDEN'
					});
				}
			}
		}
	});

	it('lets only the assigned organisation act, never another org type with the same id', () => {
		const ids = [
			'emp-2',
			'sup-2',
			'series-health',
			'cmt-health-intermediate',
			'cmt-health-junior',
			'county-sanjiang',
			'city'
		];
		for (const { app, event, row } of cases) {
			const party = row.actor as Party;
			const assigned = expectedOrg(party, app, routingB);
			for (const orgType of ORG_TYPE_CODES) {
				for (const orgId of ids) {
					const result = transition(app, event, { kind: 'org', orgType, orgId }, ctx);
					const isAssignee = assigned?.orgType === orgType && assigned.orgId === orgId;
					const label = `${orgType} ${orgId} ${app.kind} ${row.from} ${event.type}`;
					if (isAssignee) expect(result.ok, label).toBe(true);
					else expect(result, label).toMatchObject({ ok: false, code: 'FORBIDDEN' });
				}
			}
		}
	});

	it('refuses other applicants, and the system outside its own step', () => {
		for (const { app, event, row } of cases) {
			const stranger = transition(app, event, { kind: 'applicant', userId: 'u-2' }, ctx);
			expect(stranger).toMatchObject({ ok: false, code: 'FORBIDDEN' });
			const system = transition(app, event, { kind: 'system' }, ctx);
			expect(system.ok).toBe(row.actor === 'system');
		}
	});

	it('terminal states accept nothing from anyone', () => {
		const actors: ProcedureActor[] = [
			{ kind: 'applicant', userId: 'u-1' },
			{ kind: 'system' },
			...ORG_TYPE_CODES.flatMap((orgType) =>
				['emp-2', 'sup-2', 'series-health', 'county-sanjiang', 'city'].map((orgId) => ({
					kind: 'org' as const,
					orgType,
					orgId
				}))
			)
		];
		for (const kind of PROCEDURE_KINDS) {
			for (const state of TERMINAL_STATES) {
				const app = makeApp(kind, { state, series: 'health' });
				for (const actor of actors) expect(availableEvents(app, actor, ctx)).toEqual([]);
			}
		}
	});
});

// ---------------------------------------------------------------------------------------------

describe('model: random event sequences by random actors', () => {
	// Weighted towards moving forward, so that walks reach the far end of every procedure.
	const setbacks: EventType[] = ['return', 'reject', 'withdraw'];
	const forward = EVENT_TYPES.filter(
		(t) => t !== 'approve' && t !== 'committeeDecide' && !setbacks.includes(t)
	);
	const eventArb: fc.Arbitrary<ProcedureEvent> = fc.oneof(
		{ weight: 6, arbitrary: fc.constant({ type: 'approve' } as ProcedureEvent) },
		{
			weight: 3,
			arbitrary: fc
				.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false))
				.map((passed) => ({ type: 'committeeDecide' as const, passed }))
		},
		{
			weight: 7,
			arbitrary: fc.constantFrom(...forward).map((type) => ({ type }) as ProcedureEvent)
		},
		{
			weight: 2,
			arbitrary: fc.constantFrom(...setbacks).map((type) => ({ type }) as ProcedureEvent)
		}
	);
	type Command = { wait: number } | { event: ProcedureEvent; actor: 'expected' | number };
	const commandArb: fc.Arbitrary<Command> = fc.oneof(
		{ weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((wait) => ({ wait })) },
		{
			weight: 9,
			arbitrary: fc.record({
				event: eventArb,
				actor: fc.oneof(
					{ weight: 4, arbitrary: fc.constant('expected' as const) },
					{ weight: 1, arbitrary: fc.nat() }
				)
			})
		}
	);
	const setupArb = fc.record({
		kind: fc.constantFrom(...PROCEDURE_KINDS),
		level: fc.constantFrom(...LEVELS),
		series: fc.constantFrom(...SERIES.map((s) => s.code)),
		tier: fc.constantFrom<Tier>('city', ...COUNTIES.map((c) => c.code)),
		start: fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2027-12-31') })
	});

	/** Everyone who might try: the real parties and outsiders of every kind. */
	function actorPool(app: ApplicationSnapshot, routing: RoutingInput): ProcedureActor[] {
		const otherSeries: SeriesCode = app.series === 'health' ? 'teacher' : 'health';
		const otherLevel: Level = app.level === 'senior' ? 'junior' : 'senior';
		const otherCounty = routing.employer.tier === 'luzhai' ? 'rongan' : 'luzhai';
		const org = (orgType: OrgType, orgId: string): ProcedureActor => ({
			kind: 'org',
			orgType,
			orgId
		});
		return [
			{ kind: 'applicant', userId: app.applicantId },
			{ kind: 'applicant', userId: 'u-other' },
			{ kind: 'system' },
			org('employer', 'emp-1'),
			org('supervisor', 'sup-1'),
			org('seriesOffice', `series-${app.series}`),
			org('committee', `cmt-${app.series}-${app.level}`),
			...COUNTIES.map((c) => org('countyOffice', `county-${c.code}`)),
			org('cityOffice', 'city'),
			org('employer', 'emp-2'),
			org('supervisor', 'sup-2'),
			org('seriesOffice', `series-${otherSeries}`),
			org('committee', `cmt-${otherSeries}-${app.level}`),
			org('committee', `cmt-${app.series}-${otherLevel}`),
			org('countyOffice', `county-${otherCounty}`),
			org('cityOffice', 'emp-1'),
			org('employer', 'city'),
			org('supervisor', 'emp-1')
		];
	}

	/** The test's own record of one application, checked after every successful transition. */
	class Model {
		round: Party[] = []; // approvals since the last submit/resubmit
		history: { event: EventType; party: Party; today: string }[] = [];
		certificates = 0;
		readonly pool: ProcedureActor[];

		constructor(
			public app: ApplicationSnapshot,
			public today: string,
			readonly routing: RoutingInput
		) {
			this.pool = actorPool(app, routing);
		}

		run(command: Command) {
			if ('wait' in command) {
				this.today = addDays(this.today, command.wait);
				return;
			}
			const { app, routing } = this;
			const owner = command.event.type === 'withdraw' ? 'applicant' : partyOf[app.state];
			const actor =
				command.actor === 'expected'
					? actorFor(owner ?? 'applicant', app, routing)
					: this.pool[command.actor % this.pool.length];
			const result = transition(app, command.event, actor, ctxAt(this.today, routing));
			if (isTerminal(app.state)) expect(result.ok).toBe(false);
			if (!result.ok) return;

			const party = owner ?? 'applicant';
			expect(partyOf[app.state], `${app.state} has a party`).toBeDefined();
			expect(allowedStates[app.kind]).toContain(result.next);
			expect(result.role).toBe(party);
			this.checkActor(party, actor);
			this.checkOrder(party, command.event, result.next);
			this.checkCertificates(result.effects, result.next);
			this.history.push({ event: command.event.type, party, today: this.today });
			this.app = applyEffects(app, result.next, result.effects, party);
		}

		/** The one who acted is exactly the party the notice names for this step. */
		checkActor(party: Party, actor: ProcedureActor) {
			if (actor.kind === 'org') {
				const { orgType, orgId } = actor;
				expect({ orgType, orgId }).toEqual(expectedOrg(party, this.app, this.routing));
			} else if (actor.kind === 'applicant') {
				expect(party).toBe('applicant');
				expect(actor.userId).toBe(this.app.applicantId);
			} else {
				expect(party).toBe('system');
			}
		}

		/** Steps happen in the notice's order, each once per round; periods are respected. */
		checkOrder(party: Party, event: ProcedureEvent, next: State) {
			const { kind } = this.app;
			const past = (e: EventType) => this.history.findLast((h) => h.event === e);
			const periodOver = (from: string | undefined) =>
				from !== undefined && this.today > mondayToFriday.addWorkingDays(from, 5);
			switch (event.type) {
				case 'submit':
				case 'resubmit':
					this.round = [];
					if (kind === 'reissue') expect(periodOver(past('publishNotice')?.today)).toBe(true);
					break;
				case 'approve':
					expect(this.round).not.toContain(party);
					this.round.push(party);
					expect(this.round).toEqual(reviewChain[kind].slice(0, this.round.length));
					break;
				case 'withdraw':
					expect(this.history.every((h) => h.party === 'applicant')).toBe(true);
					break;
				case 'committeeDecide':
					expect(this.round).toEqual(reviewChain.evaluation);
					expect(past('committeeDecide')).toBeUndefined();
					expect(next).toBe(event.passed ? 'publicity' : 'committeeFailed');
					break;
				case 'publicityComplete':
					expect(periodOver(past('committeeDecide')?.today)).toBe(true);
					break;
				case 'confer':
					expect(this.history.slice(-2).map((h) => h.event)).toEqual([
						'committeeDecide',
						'publicityComplete'
					]);
					break;
			}
			if (next === 'approved' || next === 'awaitingPaperMailing') {
				expect(this.round).toEqual(reviewChain[kind]);
			}
		}

		/** Certificates: only when a junior/intermediate title is granted, and once. */
		checkCertificates(effects: Effect[], next: State) {
			const issued = effects.filter((e) => e.type === 'issueCertificate').length;
			this.certificates += issued;
			expect(issued).toBe(granting.includes(next) && this.app.level !== 'senior' ? 1 : 0);
			expect(this.certificates).toBeLessThanOrEqual(1);
		}
	}

	it('never leaves the notice, never skips or repeats a step, and terminal states are dead', () => {
		const reached = new Set<State>();
		const commandsArb = fc.array(commandArb, { minLength: 10, maxLength: 150, size: 'max' });
		fc.assert(
			fc.property(setupArb, commandsArb, (setup, commands) => {
				const level = levelsByKind[setup.kind].includes(setup.level) ? setup.level : 'junior';
				const app = makeApp(setup.kind, { level, series: setup.series });
				const model = new Model(app, fromDayNumber(setup.start), directory(setup.tier));
				for (const command of commands) {
					model.run(command);
					reached.add(model.app.state);
				}
			}),
			{ numRuns: 1500 }
		);
		// The random walk must actually explore the graph, or the properties above prove little.
		const finals = [
			'conferred',
			'committeeFailed',
			'approved',
			'completed',
			'rejected',
			'withdrawn'
		];
		for (const state of finals) expect(reached, state).toContain(state);
	});
});

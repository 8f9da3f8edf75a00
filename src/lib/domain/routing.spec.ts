import { describe, expect, it } from 'vitest';
import {
	assignee,
	levelsByKind,
	transition,
	TERMINAL_STATES,
	type ApplicationSnapshot,
	type ProcedureKind
} from './procedures.js';
import {
	COUNTIES,
	LEVELS,
	resolveRole,
	SERIES,
	type Level,
	type RoutingInput,
	type SeriesCode,
	type Tier
} from './routing.js';
import { mondayToFriday } from './working-days.js';

function directory(tier: Tier, overrides: Partial<RoutingInput> = {}): RoutingInput {
	return {
		employer: { id: 'emp-1', tier, supervisorId: 'sup-1' },
		seriesOffices: Object.fromEntries(SERIES.map((s) => [s.code, `series-${s.code}`])),
		committees: Object.fromEntries(
			SERIES.map((s) => [s.code, Object.fromEntries(LEVELS.map((l) => [l, `cmt-${s.code}-${l}`]))])
		),
		countyOffices: Object.fromEntries(COUNTIES.map((c) => [c.code, `county-${c.code}`])),
		cityOfficeId: 'city',
		...overrides
	};
}

function app(
	kind: ProcedureKind,
	series: SeriesCode = 'engineering',
	level: Level = 'intermediate'
): ApplicationSnapshot {
	return { kind, series, level, state: 'draft', applicantId: 'u-1', reviewStarted: false };
}

const tierKinds = ['recognition', 'reconfirmation', 'reissue'] as const;
const tiers: Tier[] = ['city', ...COUNTIES.map((c) => c.code)];

describe('reference lists', () => {
	it('lists the ten Liuzhou counties and districts with unique ASCII codes', () => {
		expect(COUNTIES.map((c) => c.name)).toEqual([
			'城中区',
			'鱼峰区',
			'柳南区',
			'柳北区',
			'柳江区',
			'柳城县',
			'鹿寨县',
			'融安县',
			'融水苗族自治县',
			'三江侗族自治县'
		]);
		expect(new Set(COUNTIES.map((c) => c.code)).size).toBe(10);
		for (const { code } of [...COUNTIES, ...SERIES]) expect(code).toMatch(/^[a-z]+$/);
	});

	it('lists the six series of the platform', () => {
		expect(SERIES.map((s) => s.name)).toEqual([
			'工程',
			'卫生',
			'中小学教师',
			'经济',
			'会计',
			'农业'
		]);
	});
});

describe('tier office (层级管理)', () => {
	it.each(tiers)('routes tier-office steps of a %s employer to its own office', (tier) => {
		const expected =
			tier === 'city'
				? { orgType: 'cityOffice', orgId: 'city' }
				: { orgType: 'countyOffice', orgId: `county-${tier}` };
		for (const kind of tierKinds) {
			expect(assignee(app(kind), 'awaitingTierOffice', directory(tier))).toEqual(expected);
		}
		expect(assignee(app('reconfirmation'), 'awaitingPaperReceipt', directory(tier))).toEqual(
			expected
		);
	});

	it('does not fall back to the city office when a county has no office configured', () => {
		const routing = directory('rongshui', { countyOffices: {} });
		expect(assignee(app('recognition'), 'awaitingTierOffice', routing)).toBeNull();
		const stuck = { ...app('recognition'), state: 'awaitingTierOffice' as const };
		const byCity = transition(
			stuck,
			{ type: 'approve' },
			{ kind: 'org', orgType: 'cityOffice', orgId: 'city' },
			{ routing, today: '2026-06-01', calendar: mondayToFriday }
		);
		expect(byCity).toMatchObject({ ok: false, code: 'FORBIDDEN' });
	});

	it('has no county office for a city-tier employer', () => {
		const subject = { series: 'health', level: 'junior' } as const;
		expect(resolveRole('countyOffice', subject, directory('city'))).toBeNull();
		expect(resolveRole('countyOffice', subject, directory('luzhai'))).toEqual({
			orgType: 'countyOffice',
			orgId: 'county-luzhai'
		});
	});
});

describe('evaluation routing by series and level', () => {
	const cases = SERIES.flatMap((s) => LEVELS.map((l) => [s.code, l] as const));

	it.each(cases)('%s / %s goes to its series office and committee', (series, level) => {
		for (const tier of ['city', 'liujiang'] as const) {
			const routing = directory(tier);
			const a = app('evaluation', series, level);
			expect(assignee(a, 'awaitingSeriesOffice', routing)).toEqual({
				orgType: 'seriesOffice',
				orgId: `series-${series}`
			});
			expect(assignee(a, 'awaitingCommittee', routing)).toEqual({
				orgType: 'committee',
				orgId: `cmt-${series}-${level}`
			});
			// Conferral is always the city office's, whatever the employer's tier.
			expect(assignee(a, 'awaitingConferral', routing)).toEqual({
				orgType: 'cityOffice',
				orgId: 'city'
			});
		}
	});

	it('accepts one committee for every level of a series', () => {
		const routing = directory('city', { committees: { teacher: 'cmt-teacher' } });
		for (const level of LEVELS) {
			expect(assignee(app('evaluation', 'teacher', level), 'awaitingCommittee', routing)).toEqual({
				orgType: 'committee',
				orgId: 'cmt-teacher'
			});
		}
		expect(assignee(app('evaluation', 'health'), 'awaitingCommittee', routing)).toBeNull();
	});
});

describe('employer and supervisor steps', () => {
	it.each(['evaluation', ...tierKinds] as const)('%s starts at the employer', (kind) => {
		const routing = directory('yufeng');
		const a = app(kind, 'engineering', levelsByKind[kind][0]);
		expect(assignee(a, 'awaitingEmployer', routing)).toEqual({
			orgType: 'employer',
			orgId: 'emp-1'
		});
		expect(assignee(a, 'awaitingSupervisor', routing)).toEqual({
			orgType: 'supervisor',
			orgId: 'sup-1'
		});
	});

	it('gives the paper mailing of a reconfirmation to the employer', () => {
		expect(assignee(app('reconfirmation'), 'awaitingPaperMailing', directory('city'))).toEqual({
			orgType: 'employer',
			orgId: 'emp-1'
		});
	});

	it('leaves a supervisor step unassigned when the employer has no supervisor', () => {
		const routing = directory('city', {
			employer: { id: 'emp-1', tier: 'city', supervisorId: null }
		});
		expect(assignee(app('recognition'), 'awaitingSupervisor', routing)).toBeNull();
	});

	it('assigns no organisation where the applicant, the system or nobody acts', () => {
		const routing = directory('city');
		for (const state of ['draft', 'returned', 'publicity', ...TERMINAL_STATES] as const) {
			expect(assignee(app('evaluation'), state, routing)).toBeNull();
		}
		expect(assignee(app('reissue'), 'noticePublic', routing)).toBeNull();
	});
});

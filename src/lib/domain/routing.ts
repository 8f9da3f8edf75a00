/**
 * Routing rules: which organisation acts for a step of an application.
 *
 * The state graph in `procedures.ts` names *roles* ("the employer", "the tier office"); this module
 * turns a role into one concrete organisation from plain directory data, so the same rules run on
 * the server (queues, permission checks) and in the browser (timeline, offline drafts).
 *
 * - employer      the applicant's employer (用人单位)
 * - supervisor    that employer's supervising department (主管单位)
 * - seriesOffice  the title office of the application's series (系列职改办)
 * - committee     the review committee of that series, optionally per level (评委会)
 * - countyOffice  the office of the employer's county; none for a city-tier employer
 * - cityOffice    the city office (市职改办)
 * - tierOffice    层级管理: the county office when the employer's tier is a county, else the
 *                 city office. A county without a configured office does NOT fall back to the
 *                 city: the step has no assignee, nobody can act, and the gap is visible.
 *
 * Every lookup that finds nothing returns null; callers treat that as "nobody may act".
 */
import {
	COUNTIES,
	SERIES,
	type CountyCode,
	type OrgTypeCode,
	type SeriesCode,
	type Tier
} from './catalogue.js';

export { COUNTIES, SERIES };
export type { CountyCode, SeriesCode, Tier } from './catalogue.js';

export const LEVELS = ['junior', 'intermediate', 'senior'] as const;
export type Level = (typeof LEVELS)[number];

export type OrgType = OrgTypeCode;
export const ORG_TYPE_CODES: readonly OrgType[] = [
	'employer',
	'supervisor',
	'seriesOffice',
	'countyOffice',
	'cityOffice',
	'committee'
];

/** A role in the state graph: an organisation type, or the tier office resolved by tier. */
export type StepRole = OrgType | 'tierOffice';

export const levelLabels: Record<Level, string> = {
	junior: '初级',
	intermediate: '中级',
	senior: '高级'
};

export const roleLabels: Record<StepRole, string> = {
	employer: '用人单位',
	supervisor: '主管单位',
	seriesOffice: '系列职改办',
	countyOffice: '县（区）职改办',
	cityOffice: '市职改办',
	committee: '评委会',
	tierOffice: '职改办（市或县区）'
};

/** Directory data for one application: its employer plus the platform's offices. */
export interface RoutingInput {
	employer: { id: string; tier: Tier; supervisorId: string | null };
	seriesOffices: Partial<Record<SeriesCode, string>>;
	/** One committee for every level of a series, or one per level. */
	committees: Partial<Record<SeriesCode, string | Partial<Record<Level, string>>>>;
	countyOffices: Partial<Record<CountyCode, string>>;
	cityOfficeId: string;
}

export interface RoutingSubject {
	series: SeriesCode;
	level: Level;
}

export interface RoutedOrg {
	orgType: OrgType;
	orgId: string;
}

function routed(orgType: OrgType, orgId: string | null | undefined): RoutedOrg | null {
	return orgId ? { orgType, orgId } : null;
}

function countyOffice(routing: RoutingInput): RoutedOrg | null {
	const { tier } = routing.employer;
	return tier === 'city' ? null : routed('countyOffice', routing.countyOffices[tier]);
}

/** The organisation playing `role` for an application of `subject` routed through `routing`. */
export function resolveRole(
	role: StepRole,
	subject: RoutingSubject,
	routing: RoutingInput
): RoutedOrg | null {
	switch (role) {
		case 'employer':
			return routed('employer', routing.employer.id);
		case 'supervisor':
			return routed('supervisor', routing.employer.supervisorId);
		case 'seriesOffice':
			return routed('seriesOffice', routing.seriesOffices[subject.series]);
		case 'committee': {
			const entry = routing.committees[subject.series];
			return routed('committee', typeof entry === 'string' ? entry : entry?.[subject.level]);
		}
		case 'countyOffice':
			return countyOffice(routing);
		case 'cityOffice':
			return routed('cityOffice', routing.cityOfficeId);
		case 'tierOffice':
			return routing.employer.tier === 'city'
				? routed('cityOffice', routing.cityOfficeId)
				: countyOffice(routing);
	}
}

/**
 * The one permission module. Every server route asks `can(actor, action, resource)`;
 * the UI uses it to hide what a person may not do. Pure: no database, no framework.
 *
 * Rules of thumb encoded here:
 * - Only the city office (市职改办) administers the platform: approves employers, creates
 *   organisations and the accounts of offices, committees and supervisors.
 * - An organisation's admin manages the users of that organisation only; for office,
 *   committee and supervisor organisations that stays with the city office.
 * - A pending or rejected employer may see its own status and nothing else.
 * - Nobody acts on another organisation's records unless a rule above says so.
 */
export type OrgType =
	'employer' | 'supervisor' | 'seriesOffice' | 'countyOffice' | 'cityOffice' | 'committee';

export type OrgStatus = 'pending' | 'active' | 'rejected';

export type Actor =
	| { kind: 'applicant'; userId: string }
	| {
			kind: 'staff';
			userId: string;
			orgId: string;
			orgType: OrgType;
			orgStatus: OrgStatus;
			role: 'admin' | 'reviewer';
	  };

export type Resource =
	| { type: 'platform' }
	| { type: 'organisation'; id: string; orgType: OrgType }
	| { type: 'user'; id: string; orgId: string | null; orgType: OrgType | null }
	| { type: 'file'; ownerUserId: string | null; ownerOrgId: string | null }
	/** `orgIds`: the organisations involved (employer, supervisor, assignee, past reviewers). */
	| { type: 'application'; id: string; applicantId: string; orgIds: readonly string[] }
	/** An issued electronic certificate. */
	| { type: 'certificate'; holderUserId: string; issuerOrgId: string }
	/** An application's archive form (评审表/认定表/重新确认审批表), for the personnel file. */
	| { type: 'archiveForm'; applicantId: string; employerId: string | null; issuerOrgId: string }
	/**
	 * A person's credit records (信用记录). `subjectUserId`: their account, if any; `orgIds`: the
	 * organisations involved in one of their applications (its reviewers).
	 */
	| { type: 'creditSubject'; subjectUserId: string | null; orgIds: readonly string[] }
	/** One credit record, for annotating (appeal result, correction). */
	| { type: 'creditRecord'; recordedByOrgId: string };

export const adminActions = [
	'organisation.list',
	'organisation.view',
	'organisation.create',
	'organisation.approve',
	'organisation.reject',
	'user.list',
	'user.create',
	'user.disable',
	'file.view'
] as const;

export const applicationActions = [
	'application.view',
	'application.act',
	'application.queue',
	'application.confer'
] as const;

export const certificateActions = [
	'certificate.download',
	'certificate.revoke',
	'certificate.batch',
	'certificate.keys',
	'archiveForm.download'
] as const;

/** Records the offices keep: calendar, paper certificates of old, credit records. */
export const recordActions = [
	'calendar.manage',
	'paperCertificate.register',
	'credit.record',
	'credit.view',
	'credit.annotate'
] as const;

export type Action =
	| (typeof adminActions)[number]
	| (typeof recordActions)[number]
	| (typeof certificateActions)[number]
	| (typeof applicationActions)[number]
	| 'account.view'
	| 'account.changePassword'
	| 'audit.treeHead';

const officeTypes: ReadonlySet<OrgType> = new Set([
	'supervisor',
	'seriesOffice',
	'countyOffice',
	'cityOffice',
	'committee'
]);

function isCityOffice(actor: Actor): boolean {
	return actor.kind === 'staff' && actor.orgType === 'cityOffice' && actor.orgStatus === 'active';
}

function isCountyOffice(actor: Actor): boolean {
	return actor.kind === 'staff' && actor.orgType === 'countyOffice' && actor.orgStatus === 'active';
}

function isOwnOrgAdmin(actor: Actor, orgId: string | null): boolean {
	return (
		actor.kind === 'staff' && actor.role === 'admin' && orgId !== null && actor.orgId === orgId
	);
}

export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
	if (!actor) return false;
	if (action === 'account.view' || action === 'account.changePassword') return true;
	// A pending or rejected employer may only look at its own status.
	if (actor.kind === 'staff' && actor.orgStatus !== 'active') {
		return (
			action === 'organisation.view' &&
			resource.type === 'organisation' &&
			resource.id === actor.orgId
		);
	}
	const city = isCityOffice(actor);
	switch (action) {
		// Which step an organisation may take is the state graph's decision (procedures.ts);
		// here only who may see or touch the application at all.
		case 'application.view':
		case 'application.act':
			if (resource.type !== 'application') return false;
			if (actor.kind === 'applicant') return resource.applicantId === actor.userId;
			return city || resource.orgIds.includes(actor.orgId);
		// An organisation's own reviewer queue; nobody browses another organisation's queue.
		case 'application.queue':
			return (
				actor.kind === 'staff' && resource.type === 'organisation' && resource.id === actor.orgId
			);
		// Conferral under a document number (发文授予) is the city office's alone.
		case 'application.confer':
			return city && resource.type === 'platform';
		// The holder downloads free, any number of times; the issuing office and the city office
		// may produce a copy (e.g. for a holder without a phone).
		case 'certificate.download':
			if (resource.type !== 'certificate') return false;
			if (actor.kind === 'applicant') return resource.holderUserId === actor.userId;
			return city || actor.orgId === resource.issuerOrgId;
		case 'certificate.revoke':
			return city && resource.type === 'certificate';
		case 'certificate.batch':
			return city && resource.type === 'platform';
		case 'certificate.keys':
			return city && actor.kind === 'staff' && actor.role === 'admin';
		// Archive forms go to the personnel file: the employer downloads them (and the city office).
		case 'archiveForm.download':
			if (resource.type !== 'archiveForm' || actor.kind !== 'staff') return false;
			return city || (resource.employerId !== null && actor.orgId === resource.employerId);
		// The official holiday schedule is entered by the city office alone.
		case 'calendar.manage':
			return city && resource.type === 'platform';
		// Paper certificates of old were issued by the city, county and series offices.
		case 'paperCertificate.register':
			return (
				resource.type === 'platform' &&
				actor.kind === 'staff' &&
				(city || actor.orgType === 'countyOffice' || actor.orgType === 'seriesOffice')
			);
		// Violations are recorded by the city office and the tier (county) offices.
		case 'credit.record':
			return resource.type === 'platform' && (city || isCountyOffice(actor));
		// Offices that record see every record; reviewers see those of the person whose
		// application they handle; the person sees their own.
		case 'credit.view':
			if (resource.type !== 'creditSubject') return false;
			if (actor.kind === 'applicant') return resource.subjectUserId === actor.userId;
			return city || isCountyOffice(actor) || resource.orgIds.includes(actor.orgId);
		// Annotations (appeal results, corrections): the city office and the recording office.
		case 'credit.annotate':
			if (resource.type !== 'creditRecord' || actor.kind !== 'staff') return false;
			return city || (isCountyOffice(actor) && actor.orgId === resource.recordedByOrgId);
		case 'organisation.list':
		case 'organisation.create':
		case 'organisation.approve':
		case 'organisation.reject':
			return city && (resource.type === 'platform' || resource.type === 'organisation');
		case 'organisation.view':
			return (
				resource.type === 'organisation' &&
				(city || (actor.kind === 'staff' && actor.orgId === resource.id))
			);
		case 'user.list':
			if (resource.type === 'platform') return city;
			return resource.type === 'organisation' && (city || isOwnOrgAdmin(actor, resource.id));
		case 'user.create':
			// Accounts of offices, committees and supervisors: the city office only.
			if (resource.type !== 'organisation') return false;
			if (city) return true;
			return !officeTypes.has(resource.orgType) && isOwnOrgAdmin(actor, resource.id);
		case 'user.disable':
			if (resource.type !== 'user' || resource.id === actor.userId) return false;
			if (city) return true;
			return (
				resource.orgType !== null &&
				!officeTypes.has(resource.orgType) &&
				isOwnOrgAdmin(actor, resource.orgId)
			);
		// The audit log's signed tree heads: for every active office account to keep and compare.
		case 'audit.treeHead':
			return resource.type === 'platform' && actor.kind === 'staff';
		case 'file.view':
			if (resource.type !== 'file') return false;
			return (
				city ||
				(resource.ownerUserId !== null && resource.ownerUserId === actor.userId) ||
				(actor.kind === 'staff' &&
					resource.ownerOrgId !== null &&
					resource.ownerOrgId === actor.orgId)
			);
	}
	return false;
}

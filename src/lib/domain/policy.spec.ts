import { describe, expect, it } from 'vitest';
import {
	adminActions,
	can,
	type Action,
	type Actor,
	type OrgType,
	type Resource
} from './policy.js';

const orgTypes: OrgType[] = [
	'employer',
	'supervisor',
	'seriesOffice',
	'countyOffice',
	'cityOffice',
	'committee'
];
const offices = new Set<OrgType>([
	'supervisor',
	'seriesOffice',
	'countyOffice',
	'cityOffice',
	'committee'
]);

function staff(
	orgType: OrgType,
	role: 'admin' | 'reviewer',
	orgStatus: 'active' | 'pending' | 'rejected' = 'active'
): Actor {
	return {
		kind: 'staff',
		userId: `u-${orgType}-${role}`,
		orgId: `own-${orgType}`,
		orgType,
		orgStatus,
		role
	};
}

/** Resources an action can be aimed at: on the actor's own organisation and on another one. */
function targets(
	actor: Actor,
	action: Action
): { label: string; own: boolean; resource: Resource }[] {
	const ownOrgId = actor.kind === 'staff' ? actor.orgId : 'none';
	const ownType = actor.kind === 'staff' ? actor.orgType : 'employer';
	switch (action) {
		case 'organisation.list':
		case 'organisation.create':
			return [{ label: 'platform', own: false, resource: { type: 'platform' } }];
		case 'user.disable':
			return [
				{
					label: 'own org colleague',
					own: true,
					resource: { type: 'user', id: 'colleague', orgId: ownOrgId, orgType: ownType }
				},
				...orgTypes.map((t) => ({
					label: `user of another ${t}`,
					own: false,
					resource: {
						type: 'user' as const,
						id: `other-${t}-user`,
						orgId: `other-${t}`,
						orgType: t
					}
				}))
			];
		case 'file.view':
			return [
				{
					label: 'own org file',
					own: true,
					resource: { type: 'file', ownerUserId: 'colleague', ownerOrgId: ownOrgId }
				},
				{
					label: 'another org file',
					own: false,
					resource: { type: 'file', ownerUserId: 'stranger', ownerOrgId: 'other-org' }
				}
			];
		default:
			return [
				{
					label: 'own org',
					own: true,
					resource: { type: 'organisation', id: ownOrgId, orgType: ownType }
				},
				...orgTypes.map((t) => ({
					label: `another ${t}`,
					own: false,
					resource: { type: 'organisation' as const, id: `other-${t}`, orgType: t }
				}))
			];
	}
}

/** The rules written out independently of the implementation. */
function expected(actor: Actor, action: Action, own: boolean): boolean {
	if (actor.kind === 'applicant') return false;
	if (actor.orgStatus !== 'active') return action === 'organisation.view' && own;
	if (actor.orgType === 'cityOffice') return true;
	const admin = actor.role === 'admin';
	switch (action) {
		case 'organisation.view':
		case 'file.view':
			return own;
		case 'user.list':
			return own && admin;
		case 'user.create':
		case 'user.disable':
			return own && admin && !offices.has(actor.orgType);
		default:
			return false;
	}
}

const actors: Actor[] = [
	{ kind: 'applicant', userId: 'applicant-1' },
	...orgTypes.flatMap((t) => [
		staff(t, 'admin'),
		staff(t, 'reviewer'),
		staff(t, 'admin', 'pending'),
		staff(t, 'admin', 'rejected')
	])
];

describe('permission matrix: every role × every admin action × own and other organisations', () => {
	for (const actor of actors) {
		const who =
			actor.kind === 'applicant'
				? 'applicant'
				: `${actor.orgType}/${actor.role}/${actor.orgStatus}`;
		for (const action of adminActions) {
			for (const target of targets(actor, action)) {
				it(`${who} ${expected(actor, action, target.own) ? 'may' : 'may not'} ${action} on ${target.label}`, () => {
					expect(can(actor, action, target.resource)).toBe(expected(actor, action, target.own));
				});
			}
		}
	}

	it('nobody signed out may do anything', () => {
		for (const action of adminActions) expect(can(null, action, { type: 'platform' })).toBe(false);
	});

	it('nobody disables their own account', () => {
		const city = staff('cityOffice', 'admin');
		expect(
			can(city, 'user.disable', {
				type: 'user',
				id: city.userId,
				orgId: 'own-cityOffice',
				orgType: 'cityOffice'
			})
		).toBe(false);
	});

	it('only the city office creates accounts of offices, committees and supervisors', () => {
		for (const t of orgTypes) {
			const target: Resource = { type: 'organisation', id: `own-${t}`, orgType: t };
			expect(can(staff(t, 'admin'), 'user.create', target)).toBe(
				t === 'cityOffice' || !offices.has(t)
			);
			expect(can(staff('cityOffice', 'reviewer'), 'user.create', target)).toBe(true);
		}
	});

	it('a reviewer queue is the own organisation’s only; conferral is the city office’s', () => {
		for (const t of orgTypes) {
			for (const role of ['admin', 'reviewer'] as const) {
				const actor = staff(t, role);
				expect(
					can(actor, 'application.queue', { type: 'organisation', id: `own-${t}`, orgType: t })
				).toBe(true);
				for (const other of orgTypes)
					expect(
						can(actor, 'application.queue', {
							type: 'organisation',
							id: `other-${other}`,
							orgType: other
						})
					).toBe(false);
				expect(can(actor, 'application.confer', { type: 'platform' })).toBe(t === 'cityOffice');
			}
			const pending = staff(t, 'admin', 'pending');
			expect(
				can(pending, 'application.queue', { type: 'organisation', id: `own-${t}`, orgType: t })
			).toBe(false);
		}
		const applicant: Actor = { kind: 'applicant', userId: 'me' };
		expect(can(applicant, 'application.confer', { type: 'platform' })).toBe(false);
		expect(
			can(applicant, 'application.queue', { type: 'organisation', id: 'me', orgType: 'employer' })
		).toBe(false);
	});

	it('an applicant sees own files only', () => {
		const a: Actor = { kind: 'applicant', userId: 'me' };
		expect(can(a, 'file.view', { type: 'file', ownerUserId: 'me', ownerOrgId: null })).toBe(true);
		expect(can(a, 'file.view', { type: 'file', ownerUserId: 'you', ownerOrgId: null })).toBe(false);
	});
});

describe('credit records permission matrix: who may record, view, annotate', () => {
	const staffActors = orgTypes.flatMap((t) => [staff(t, 'admin'), staff(t, 'reviewer')]);
	const recorders = new Set<OrgType>(['cityOffice', 'countyOffice']);

	for (const actor of staffActors) {
		if (actor.kind !== 'staff') continue;
		const who = `${actor.orgType}/${actor.role}`;
		const recorder = recorders.has(actor.orgType);

		it(`${who} ${recorder ? 'may' : 'may not'} record a violation`, () => {
			expect(can(actor, 'credit.record', { type: 'platform' })).toBe(recorder);
		});

		it(`${who} ${recorder ? 'sees any person’s records' : 'sees records only of a person whose application it handles'}`, () => {
			const involved: Resource = {
				type: 'creditSubject',
				subjectUserId: 'p',
				orgIds: [actor.orgId]
			};
			const stranger: Resource = { type: 'creditSubject', subjectUserId: 'p', orgIds: ['x'] };
			expect(can(actor, 'credit.view', involved)).toBe(true);
			expect(can(actor, 'credit.view', stranger)).toBe(recorder);
		});

		it(`${who} annotates ${actor.orgType === 'cityOffice' ? 'any record' : recorder ? 'only its own office’s records' : 'no record'}`, () => {
			const own: Resource = { type: 'creditRecord', recordedByOrgId: actor.orgId };
			const other: Resource = { type: 'creditRecord', recordedByOrgId: 'other-office' };
			expect(can(actor, 'credit.annotate', own)).toBe(recorder);
			expect(can(actor, 'credit.annotate', other)).toBe(actor.orgType === 'cityOffice');
		});
	}

	it('a person sees their own records and nobody else’s, and never records or annotates', () => {
		const me: Actor = { kind: 'applicant', userId: 'me' };
		expect(can(me, 'credit.view', { type: 'creditSubject', subjectUserId: 'me', orgIds: [] })).toBe(
			true
		);
		expect(
			can(me, 'credit.view', { type: 'creditSubject', subjectUserId: 'you', orgIds: [] })
		).toBe(false);
		expect(can(me, 'credit.record', { type: 'platform' })).toBe(false);
		expect(can(me, 'credit.annotate', { type: 'creditRecord', recordedByOrgId: 'x' })).toBe(false);
	});

	it('a pending or rejected office may do nothing with credit records', () => {
		for (const status of ['pending', 'rejected'] as const) {
			const office = staff('cityOffice', 'admin', status);
			expect(can(office, 'credit.record', { type: 'platform' })).toBe(false);
			expect(
				can(office, 'credit.view', { type: 'creditSubject', subjectUserId: 'p', orgIds: [] })
			).toBe(false);
		}
	});

	it('only the city office manages the calendar; offices register paper certificates', () => {
		for (const t of orgTypes) {
			expect(can(staff(t, 'admin'), 'calendar.manage', { type: 'platform' })).toBe(
				t === 'cityOffice'
			);
			expect(can(staff(t, 'reviewer'), 'paperCertificate.register', { type: 'platform' })).toBe(
				['cityOffice', 'countyOffice', 'seriesOffice'].includes(t)
			);
		}
		const me: Actor = { kind: 'applicant', userId: 'me' };
		expect(can(me, 'calendar.manage', { type: 'platform' })).toBe(false);
		expect(can(me, 'paperCertificate.register', { type: 'platform' })).toBe(false);
	});
});

describe('certificates and archive forms', () => {
	const holder: Actor = { kind: 'applicant', userId: 'holder' };
	const other: Actor = { kind: 'applicant', userId: 'other' };
	const cert = {
		type: 'certificate',
		holderUserId: 'holder',
		issuerOrgId: 'org-countyOffice'
	} as const;

	it('the holder downloads their own certificate, nobody else’s; the issuing and city office may too', () => {
		expect(can(holder, 'certificate.download', cert)).toBe(true);
		expect(can(other, 'certificate.download', cert)).toBe(false);
		for (const t of orgTypes) {
			const s = staff(t, 'reviewer');
			const issuer = { ...cert, issuerOrgId: s.kind === 'staff' ? s.orgId : '' };
			expect(can(s, 'certificate.download', issuer)).toBe(true);
			expect(can(s, 'certificate.download', { ...cert, issuerOrgId: 'elsewhere' })).toBe(
				t === 'cityOffice'
			);
		}
	});

	it('only an active city office revokes and runs batches; only its admins manage keys', () => {
		for (const t of orgTypes) {
			for (const role of ['admin', 'reviewer'] as const) {
				const s = staff(t, role);
				expect(can(s, 'certificate.revoke', cert)).toBe(t === 'cityOffice');
				expect(can(s, 'certificate.batch', { type: 'platform' })).toBe(t === 'cityOffice');
				expect(can(s, 'certificate.keys', { type: 'platform' })).toBe(
					t === 'cityOffice' && role === 'admin'
				);
			}
			expect(can(staff(t, 'admin', 'pending'), 'certificate.revoke', cert)).toBe(false);
		}
		expect(can(holder, 'certificate.revoke', cert)).toBe(false);
	});

	it('archive forms go to the applicant’s employer (and the city office), not the applicant', () => {
		for (const t of orgTypes) {
			const s = staff(t, 'reviewer');
			const own = {
				type: 'archiveForm',
				applicantId: 'holder',
				employerId: s.kind === 'staff' ? s.orgId : null,
				issuerOrgId: 'x'
			} as const;
			expect(can(s, 'archiveForm.download', own)).toBe(true);
			expect(can(s, 'archiveForm.download', { ...own, employerId: 'elsewhere' })).toBe(
				t === 'cityOffice'
			);
		}
		const form = {
			type: 'archiveForm',
			applicantId: 'holder',
			employerId: 'e',
			issuerOrgId: 'x'
		} as const;
		expect(can(holder, 'archiveForm.download', form)).toBe(false);
	});
});

describe('audit tree heads', () => {
	it('every active office account may read them; applicants, pending and signed-out may not', () => {
		for (const actor of actors) {
			const active = actor.kind === 'staff' && actor.orgStatus === 'active';
			expect(can(actor, 'audit.treeHead', { type: 'platform' })).toBe(active);
		}
		expect(can(null, 'audit.treeHead', { type: 'platform' })).toBe(false);
	});
});

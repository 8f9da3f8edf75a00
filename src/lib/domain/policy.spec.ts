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

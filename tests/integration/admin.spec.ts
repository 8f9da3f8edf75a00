import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import type { OrgType } from '../../src/lib/domain/policy.js';
import { disableUser } from '../../src/lib/server/accounts/disable-user.js';
import { sequenceAndVerify } from '../helpers/audit.js';
import { db } from '../../src/lib/server/db/index.js';
import { auditLog, organisations } from '../../src/lib/server/db/schema/index.js';
import { isEmpty, seedDemo } from '../../src/lib/server/demo/seed.js';
import { createOrganisation } from '../../src/lib/server/organisations/create-organisation.js';
import {
	getOrganisation,
	listOrganisations,
	listUsers
} from '../../src/lib/server/organisations/queries.js';
import { reviewEmployer } from '../../src/lib/server/organisations/review-employer.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
	handle = await freshDatabase();
});
afterAll(() => handle.drop());

async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
}

const nonCity: OrgType[] = ['employer', 'supervisor', 'seriesOffice', 'countyOffice', 'committee'];

describe(`administration through the policy (${backend})`, () => {
	it('only the city office lists, creates and approves organisations; every refusal is audited', async () => {
		const pending = await makeOrg('employer', { status: 'pending' });
		for (const type of nonCity) {
			const { actor, user } = await makeOrg(type);
			expect(await code(listOrganisations(actor, {}))).toBe('FORBIDDEN');
			expect(await code(listUsers(actor, {}))).toBe('FORBIDDEN');
			expect(await code(reviewEmployer(actor, pending.orgId, { approve: true }))).toBe('FORBIDDEN');
			expect(
				await code(
					createOrganisation(actor, {
						type: 'countyOffice',
						name: '某某县职改办公室',
						tier: 'rongan',
						adminName: '张三',
						adminUsername: `x${type}`,
						adminPassword: 'Good-Password-1'
					})
				)
			).toBe('FORBIDDEN');
			expect(await code(getOrganisation(actor, pending.orgId))).toBe('FORBIDDEN');
			const denials = await db()
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.result, 'denied')));
			expect(denials.length).toBe(5);
		}
		const city = await makeOrg('cityOffice');
		expect(await code(reviewEmployer(city.actor, pending.orgId, { approve: true }))).toBe('ok');
	});

	it('an organisation admin cannot disable a user of another organisation', async () => {
		const a = await makeOrg('employer');
		const b = await makeOrg('employer');
		expect(await code(disableUser(a.actor, b.user.id))).toBe('FORBIDDEN');
		const colleague = await makeOrg('employer');
		expect(await code(disableUser(colleague.actor, colleague.user.id))).toBe('FORBIDDEN');
	});

	it('the city office creates a county office with its first admin', async () => {
		const city = await makeOrg('cityOffice');
		const { organisationId } = await createOrganisation(city.actor, {
			type: 'countyOffice',
			name: '融安县职称改革工作领导小组办公室',
			tier: 'rongan',
			adminName: '覃海',
			adminUsername: 'county.rongan2',
			adminPassword: 'Good-Password-1'
		});
		const view = await getOrganisation(city.actor, organisationId);
		expect(view.org.status).toBe('active');
		expect(view.members.map((m) => m.username)).toEqual(['county.rongan2']);
		expect(
			await code(
				createOrganisation(city.actor, {
					type: 'countyOffice',
					name: '无层级职改办',
					adminName: '李四',
					adminUsername: 'county.none',
					adminPassword: 'Good-Password-1'
				})
			)
		).toBe('VALIDATION');
	});

	it('the audit chain verifies after all of the above', async () => {
		const report = await sequenceAndVerify(db());
		expect(report.ok).toBe(true);
		expect(report.rows).toBeGreaterThan(10);
	});

	it('demo seeding only happens on an empty database and produces a working set-up', async () => {
		const fresh = await freshDatabase();
		try {
			expect(await isEmpty(fresh.db)).toBe(true);
			await seedDemo(fresh.db);
			expect(await isEmpty(fresh.db)).toBe(false);
			const counties = await fresh.db
				.select()
				.from(organisations)
				.where(eq(organisations.type, 'countyOffice'));
			expect(counties).toHaveLength(10);
		} finally {
			await fresh.drop();
		}
	});
});

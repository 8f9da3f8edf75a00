import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { EVENT_TYPES, type ProcedureEvent } from '../../src/lib/domain/procedures.js';
import type { OrgType } from '../../src/lib/domain/policy.js';
import { verifyAuditLog } from '../../src/lib/server/audit/verify-audit-log.js';
import { sequenceAndVerify } from '../helpers/audit.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { applicationSteps, auditLog, notifications } from '../../src/lib/server/db/schema/index.js';
import { recordCommitteeDecision } from '../../src/lib/server/applications/record-committee-decision.js';
import { conferBatch } from '../../src/lib/server/applications/confer-batch.js';
import { completeDuePublicity } from '../../src/lib/server/applications/complete-due-publicity.js';
import { verifySeal } from '../../src/lib/server/applications/seal-step.js';
import { transitionApplication } from '../../src/lib/server/applications/transition-application.js';
import { contentHashOf } from '../../src/lib/server/applications/submit-application.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import { employerWithApplicant, platform, reload, submitted } from '../helpers/applications.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	setClock(undefined);
	await handle.drop();
});

async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
}

const approve = (
	actor: Parameters<typeof transitionApplication>[0],
	id: string,
	version: number,
	opinion = '同意'
) =>
	transitionApplication(actor, id, {
		event: { type: 'approve' },
		expectedVersion: version,
		opinion
	});

describe(`approval chains (${backend})`, () => {
	it('a county-tier recognition goes employer → supervisor → county office, each step sealed', async () => {
		const who = await employerWithApplicant('liujiang');
		let app = await submitted('recognition', who);
		expect(app.state).toBe('awaitingEmployer');
		expect(app.assigneeOrgId).toBe(who.employer.orgId);
		app = (await approve(who.employer.actor, app.id, app.version, '情况属实，同意推荐'))
			.application;
		expect(app.assigneeOrgId).toBe(who.supervisor.orgId);
		app = (await approve(who.supervisor.actor, app.id, app.version)).application;
		expect(app.state).toBe('awaitingTierOffice');
		expect(app.assigneeOrgId).toBe(offices.county.orgId);
		const final = await approve(offices.county.actor, app.id, app.version);
		expect(final.application.state).toBe('approved');
		expect(final.effects.map((e) => e.type)).toContain('issueCertificate');

		const steps = await db()
			.select()
			.from(applicationSteps)
			.where(eq(applicationSteps.applicationId, app.id))
			.orderBy(applicationSteps.seq);
		expect(steps.map((s) => s.event)).toEqual(['submit', 'approve', 'approve', 'approve']);
		for (const step of steps.slice(1)) {
			expect(step.seal).toBeTruthy();
			expect(await verifySeal(db(), step.seal!, final.application.contentHash!)).toBe(true);
			// A later change to the application is detectable.
			expect(
				await verifySeal(
					db(),
					step.seal!,
					contentHashOf({ ...final.application.content, tampered: true })
				)
			).toBe(false);
		}
		const told = await db()
			.select()
			.from(notifications)
			.where(eq(notifications.userId, who.applicant.user.id));
		expect(told.length).toBeGreaterThanOrEqual(3);
	});

	it('a city-tier recognition goes to the city office', async () => {
		const who = await employerWithApplicant('city');
		let app = await submitted('recognition', who);
		app = (await approve(who.employer.actor, app.id, app.version)).application;
		app = (await approve(who.supervisor.actor, app.id, app.version)).application;
		expect(app.assigneeOrgId).toBe(offices.city.orgId);
	});

	it('two reviewers approving the same step at once: one succeeds, one conflict, one audit row', async () => {
		const who = await employerWithApplicant();
		const app = await submitted('recognition', who);
		const colleague = await makeOrg('employer');
		// Second reviewer of the same employer.
		const second = { ...who.employer.actor, userId: colleague.user.id };
		const results = await Promise.all([
			code(approve(who.employer.actor, app.id, app.version)),
			code(approve(second, app.id, app.version))
		]);
		expect(results.sort()).toEqual(['CONFLICT', 'ok']);
		const rows = await db().select().from(auditLog).where(eq(auditLog.objectId, app.id));
		expect(
			rows.filter((r) => r.action === 'application.approve' && r.result === 'ok')
		).toHaveLength(1);
		const steps = await db()
			.select()
			.from(applicationSteps)
			.where(eq(applicationSteps.applicationId, app.id));
		expect(steps.filter((s) => s.event === 'approve')).toHaveLength(1);
	});

	it('every organisation type, acting on another organisation’s application, is refused for every event', async () => {
		const who = await employerWithApplicant();
		const app = await submitted('recognition', who);
		const outsiders: OrgType[] = [
			'employer',
			'supervisor',
			'seriesOffice',
			'countyOffice',
			'committee'
		];
		for (const type of outsiders) {
			const other = await makeOrg(type, { tier: type === 'countyOffice' ? 'rongan' : undefined });
			for (const type2 of EVENT_TYPES) {
				const event = (
					type2 === 'committeeDecide' ? { type: type2, passed: true } : { type: type2 }
				) as ProcedureEvent;
				const result = await code(
					transitionApplication(other.actor, app.id, {
						event,
						expectedVersion: app.version,
						opinion: '测试意见'
					})
				);
				expect(['FORBIDDEN', 'INVALID_STATE']).toContain(result);
				expect(result).not.toBe('ok');
			}
		}
		expect((await reload(app.id)).state).toBe('awaitingEmployer');
	});

	it('return sends it back with the sections to fix; resubmission restarts at the employer; withdraw only before review', async () => {
		const who = await employerWithApplicant();
		const fresh = await submitted('recognition', who);
		expect(
			await code(
				transitionApplication(who.applicant.actor, fresh.id, {
					event: { type: 'withdraw' },
					expectedVersion: fresh.version
				})
			)
		).toBe('ok');

		let app = await submitted('recognition', who);
		expect(
			await code(
				transitionApplication(who.employer.actor, app.id, {
					event: { type: 'return' },
					expectedVersion: app.version,
					opinion: ''
				})
			)
		).toBe('VALIDATION');
		app = (
			await transitionApplication(who.employer.actor, app.id, {
				event: { type: 'return' },
				expectedVersion: app.version,
				opinion: '学历证书不清晰',
				returnSections: ['attachments']
			})
		).application;
		expect(app.state).toBe('returned');
		expect(
			await code(
				transitionApplication(who.applicant.actor, app.id, {
					event: { type: 'withdraw' },
					expectedVersion: app.version
				})
			)
		).toBe('INVALID_STATE');
		const { submitApplication } =
			await import('../../src/lib/server/applications/submit-application.js');
		app = (await submitApplication(who.applicant.actor, app.id, app.version)).application;
		expect(app.state).toBe('awaitingEmployer');
		const steps = await db()
			.select()
			.from(applicationSteps)
			.where(eq(applicationSteps.applicationId, app.id));
		expect(steps.find((s) => s.event === 'return')?.returnSections).toEqual(['attachments']);
	});

	it('an evaluation passes the committee, stays public 5 working days, and is conferred under one document number', async () => {
		setClock(() => new Date('2026-02-11T02:00:00Z')); // Wednesday, China time 10:00
		const who = await employerWithApplicant('city');
		let app = await submitted('evaluation', who);
		app = (await approve(who.employer.actor, app.id, app.version)).application;
		app = (await approve(who.supervisor.actor, app.id, app.version)).application;
		expect(app.assigneeOrgId).toBe(offices.seriesOffice.orgId);
		app = (await approve(offices.seriesOffice.actor, app.id, app.version)).application;
		expect(app.assigneeOrgId).toBe(offices.committee.orgId);
		const badVote = {
			sessionName: '2026年工程系列中级评审会',
			heldOn: '2026-02-11',
			membersPresent: 9,
			votesFor: 5,
			votesAgainst: 2,
			abstentions: 1
		};
		expect(
			await code(recordCommitteeDecision(offices.committee.actor, app.id, app.version, badVote))
		).toBe('VALIDATION');
		app = (
			await recordCommitteeDecision(offices.committee.actor, app.id, app.version, {
				...badVote,
				votesFor: 7,
				votesAgainst: 1,
				abstentions: 1
			})
		).application;
		expect(app.state).toBe('publicity');
		expect(app.publicityStartedOn).toBe('2026-02-11');

		// Official calendar: 02-12, 02-13, 02-14 (make-up Saturday), then the Spring Festival holiday, 02-24, 02-25.
		setClock(() => new Date('2026-02-24T02:00:00Z'));
		expect(await completeDuePublicity()).toBe(0);
		setClock(() => new Date('2026-02-26T02:00:00Z'));
		expect(await completeDuePublicity()).toBe(1);
		app = await reload(app.id);
		expect(app.state).toBe('awaitingConferral');
		expect(app.assigneeOrgId).toBe(offices.city.orgId);

		expect(
			await code(
				conferBatch(offices.city.actor, {
					documentNumber: '15号',
					conferredOn: '2026-02-27',
					applicationIds: [app.id]
				})
			)
		).toBe('VALIDATION');
		const batch = await conferBatch(offices.city.actor, {
			documentNumber: '柳职改字〔2026〕15号',
			conferredOn: '2026-02-27',
			applicationIds: [app.id]
		});
		expect(batch.conferred).toHaveLength(1);
		app = await reload(app.id);
		expect(app.state).toBe('conferred');
		expect(app.conferralId).toBe(batch.conferralId);
		setClock(undefined);
	});

	it('a senior evaluation is conferred without a certificate', async () => {
		const who = await employerWithApplicant('city');
		let app = await submitted('evaluation', who, { level: 'senior', qualification: '高级工程师' });
		for (const actor of [who.employer.actor, who.supervisor.actor, offices.seriesOffice.actor])
			app = (await approve(actor, app.id, app.version)).application;
		const decided = await recordCommitteeDecision(offices.committee.actor, app.id, app.version, {
			sessionName: '高评会',
			heldOn: '2026-03-02',
			membersPresent: 3,
			votesFor: 3,
			votesAgainst: 0,
			abstentions: 0
		});
		expect(decided.effects.map((e) => e.type)).not.toContain('issueCertificate');
	});

	it('the audit log refuses UPDATE and DELETE, and verify finds a row edited behind its back', async () => {
		expect((await sequenceAndVerify(db())).ok).toBe(true);
		await expect(
			db().execute(sql`update audit_log set action = 'x' where id = 3`)
		).rejects.toThrow();
		await expect(db().execute(sql`delete from audit_log where id = 3`)).rejects.toThrow();
		// A superuser disables the trigger and edits a row.
		await db().execute(sql`alter table audit_log disable trigger audit_log_no_update`);
		await db().execute(
			sql`update audit_log set result = 'ok', action = action || '.edited' where id = 5`
		);
		await db().execute(sql`alter table audit_log enable trigger audit_log_no_update`);
		const report = await verifyAuditLog(db());
		expect(report.ok).toBe(false);
		if (!report.ok) expect(report.entryId).toBe(5);
	});
});

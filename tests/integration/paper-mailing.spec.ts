import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { applicationSteps, auditLog, paperMailings } from '../../src/lib/server/db/schema/index.js';
import {
	owedMailings,
	recordPaperMailing,
	recordPaperReceipt
} from '../../src/lib/server/applications/paper-mailing.js';
import { decide } from '../../src/lib/server/applications/decide-application.js';
import { viewApplication } from '../../src/lib/server/applications/get-application.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import { employerWithApplicant, platform, reload, submitted } from '../helpers/applications.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterEach(() => setClock(undefined));
afterAll(() => handle.drop());

const at = (date: string) => setClock(() => new Date(`${date}T02:00:00Z`));

async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
}

/** A county-tier reconfirmation approved by the county office on `approvedOn`. */
async function approvedReconfirmation(approvedOn: string) {
	const who = await employerWithApplicant('liujiang');
	at(approvedOn);
	let app = await submitted('reconfirmation', who);
	for (const actor of [who.employer.actor, who.supervisor.actor, offices.county.actor])
		app = (
			await decide(actor, app.id, {
				decision: 'approve',
				expectedVersion: app.version,
				opinion: '同意'
			})
		).application;
	expect(app.state).toBe('awaitingPaperMailing');
	expect(app.assigneeOrgId).toBe(who.employer.orgId);
	return { who, app };
}

describe(`reconfirmation: mailing the paper certificate (${backend})`, () => {
	it('the employer records the mailing, the office its receipt; both visible on the application', async () => {
		const { who, app } = await approvedReconfirmation('2026-03-02');
		at('2026-03-04');
		expect(
			await code(
				recordPaperMailing(who.employer.actor, app.id, {
					expectedVersion: app.version,
					carrier: '中国邮政 EMS',
					trackingNumber: '12',
					mailedOn: '2026-03-03'
				})
			)
		).toBe('VALIDATION');
		expect(
			await code(
				recordPaperMailing(who.employer.actor, app.id, {
					expectedVersion: app.version,
					carrier: '中国邮政 EMS',
					trackingNumber: 'EA123456789CN',
					mailedOn: '2026-03-05' // tomorrow
				})
			)
		).toBe('VALIDATION');
		// The office cannot record the employer's step, nor can another employer.
		const other = await makeOrg('employer');
		for (const actor of [offices.county.actor, other.actor])
			expect(
				await code(
					recordPaperMailing(actor, app.id, {
						expectedVersion: app.version,
						carrier: '顺丰速运',
						trackingNumber: 'SF1234567890',
						mailedOn: '2026-03-03'
					})
				)
			).toBe('FORBIDDEN');
		expect(await db().select().from(paperMailings)).toHaveLength(0);

		const mailed = await recordPaperMailing(who.employer.actor, app.id, {
			expectedVersion: app.version,
			carrier: '中国邮政 EMS',
			trackingNumber: 'ea 1234 5678 9cn',
			mailedOn: '2026-03-03'
		});
		expect(mailed.application.state).toBe('awaitingPaperReceipt');
		expect(mailed.application.assigneeOrgId).toBe(offices.county.orgId);
		const [row] = await db()
			.select()
			.from(paperMailings)
			.where(eq(paperMailings.applicationId, app.id));
		expect(row).toMatchObject({
			carrier: '中国邮政 EMS',
			trackingNumber: 'EA123456789CN',
			mailedOn: '2026-03-03',
			receivedOn: null
		});

		at('2026-03-06');
		expect(
			await code(
				recordPaperReceipt(offices.county.actor, app.id, {
					expectedVersion: mailed.application.version,
					receivedOn: '2026-03-02' // before it was mailed
				})
			)
		).toBe('VALIDATION');
		const received = await recordPaperReceipt(offices.county.actor, app.id, {
			expectedVersion: mailed.application.version,
			receivedOn: '2026-03-05'
		});
		expect(received.application.state).toBe('completed');
		const view = await viewApplication(who.applicant.actor, app.id);
		expect(view.paperMailing).toMatchObject({
			trackingNumber: 'EA123456789CN',
			receivedOn: '2026-03-05',
			receivedBy: offices.county.user.id
		});
		expect(view.steps.map((s) => s.event)).toEqual([
			'submit',
			'approve',
			'approve',
			'approve',
			'paperMailed',
			'paperReceived'
		]);
		expect(view.steps[4].detail).toMatchObject({ carrier: '中国邮政 EMS' });
	});

	it('the mailing row and the transition commit together or not at all', async () => {
		const { who, app } = await approvedReconfirmation('2026-03-02');
		at('2026-03-03');
		// A stray row for this application makes the insert fail inside the transaction.
		await db().insert(paperMailings).values({
			applicationId: app.id,
			carrier: '其他',
			trackingNumber: 'STRAY0001',
			mailedOn: '2026-03-02'
		});
		await expect(
			recordPaperMailing(who.employer.actor, app.id, {
				expectedVersion: app.version,
				carrier: '顺丰速运',
				trackingNumber: 'SF1234567890',
				mailedOn: '2026-03-03'
			})
		).rejects.toThrow();
		const after = await reload(app.id);
		expect(after.state).toBe('awaitingPaperMailing');
		expect(after.version).toBe(app.version);
		const steps = await db()
			.select()
			.from(applicationSteps)
			.where(eq(applicationSteps.applicationId, app.id));
		expect(steps.some((s) => s.event === 'paperMailed')).toBe(false);
		const audits = await db().select().from(auditLog).where(eq(auditLog.objectId, app.id));
		expect(audits.some((a) => a.action === 'application.paperMailed' && a.result === 'ok')).toBe(
			false
		);
	});

	it('mailings not made within 10 working days of approval are flagged to the approving office', async () => {
		const late = await approvedReconfirmation('2026-04-01');
		const fresh = await approvedReconfirmation('2026-04-14');
		at('2026-04-17');
		const owed = await owedMailings(offices.county.actor);
		const mine = owed.filter((o) => [late.app.id, fresh.app.id].includes(o.id));
		expect(mine.map((o) => o.id)).toEqual([late.app.id, fresh.app.id]);
		expect(mine[0].sla.level).toBe('overdue');
		expect(mine[1].sla.level).toBe('ok');
		// Only the office that approved them follows them up.
		expect(await owedMailings(offices.city.actor)).toEqual([]);
		// The employer sees the same one overdue in its own queue.
		const { listQueue } = await import('../../src/lib/server/applications/list-queue.js');
		const queue = await listQueue(late.who.employer.actor, { overdue: true });
		expect(queue.rows.map((r) => r.id)).toEqual([late.app.id]);
	});
});

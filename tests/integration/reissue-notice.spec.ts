import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { submitApplication } from '../../src/lib/server/applications/submit-application.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	applications,
	auditLog,
	certificates,
	notices,
	type Certificate
} from '../../src/lib/server/db/schema/index.js';
import { publishNotice } from '../../src/lib/server/notices/publish-notice.js';
import { noticeStatusOf, noticesOf } from '../../src/lib/server/notices/status.js';
import { withdrawNotice } from '../../src/lib/server/notices/withdraw-notice.js';
import { completeDraft, employerWithApplicant, platform, reload } from '../helpers/applications.js';
import { approve, approvedRecognition, attachPhoto } from '../helpers/certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
type Who = Awaited<ReturnType<typeof employerWithApplicant>>;

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	setClock(undefined);
	await handle.drop();
});

/** China 10:00 on the given date. */
const at = (date: string) => setClock(() => new Date(`${date}T02:00:00Z`));

async function refusal(p: Promise<unknown>): Promise<AppError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

/** A reissue draft as sync stores it; the form names a different number than the notice. */
async function reissueDraft(who: Who): Promise<string> {
	const id = randomUUID();
	const content = completeDraft('reissue', {
		name: who.applicant.user.name,
		idNumber: who.applicant.idNumber,
		mobile: who.applicant.mobile,
		employerId: who.employer.orgId,
		level: 'junior',
		qualification: '助理工程师'
	});
	await db()
		.insert(applications)
		.values({
			id,
			applicantId: who.applicant.user.id,
			kind: 'reissue',
			level: 'junior',
			series: 'engineering',
			applicantName: who.applicant.user.name,
			content: content as unknown as Record<string, unknown>
		});
	return id;
}

async function certificateOf(applicationId: string): Promise<Certificate> {
	const [c] = await db()
		.select()
		.from(certificates)
		.where(eq(certificates.applicationId, applicationId));
	return c;
}

describe(`reissue gated by the invalidation notice (${backend})`, () => {
	it('refuses submission during the 5 working days naming the date, then submits; approval voids the old certificate and issues a new one', async () => {
		const who = await employerWithApplicant('liujiang');
		at('2026-01-20');
		const old = await certificateOf((await approvedRecognition(offices, who, 'junior')).id);
		const id = await reissueDraft(who);

		// Thursday 2026-02-12: the 5 working days are 02-13, 02-14 (make-up Saturday), 02-24..26.
		at('2026-02-12');
		const { notice, outcome } = await publishNotice(who.applicant.actor, {
			applicationId: id,
			expectedVersion: 1,
			subject: { type: 'electronic', certificateId: old.id }
		});
		expect(outcome.application.state).toBe('noticePublic');
		expect(notice).toMatchObject({
			publishedOn: '2026-02-12',
			completesOn: '2026-02-26',
			provisional: false,
			status: 'running',
			certificateId: old.id
		});
		expect((await noticeStatusOf([old.id])).get(old.id)).toMatchObject({
			running: true,
			until: '2026-02-26'
		});

		for (const day of ['2026-02-12', '2026-02-14', '2026-02-26']) {
			at(day);
			const app = await reload(id);
			const e = await refusal(submitApplication(who.applicant.actor, id, app.version));
			expect(e.code).toBe('INVALID_STATE');
			expect(e.message).toBe('声明作废公示期满后（2026年2月27日起）方可提交。');
		}
		at('2026-02-20');
		const [mine] = await noticesOf(who.applicant.user.id);
		expect(mine).toMatchObject({ state: 'running', daysLeft: 3, submittableFrom: '2026-02-27' });

		at('2026-02-27');
		let app = (await submitApplication(who.applicant.actor, id, (await reload(id)).version))
			.application;
		expect(app.state).toBe('awaitingEmployer');
		expect((await noticeStatusOf([old.id])).get(old.id)?.running).toBe(false);

		await attachPhoto(app);
		app = await approve(who.employer.actor, app);
		app = await approve(who.supervisor.actor, app);
		app = await approve(offices.county.actor, app, '遗失补办，同意');
		expect(app.state).toBe('approved');

		const replacement = await certificateOf(app.id);
		const [voided] = await db().select().from(certificates).where(eq(certificates.id, old.id));
		expect(voided.status).toBe('void');
		expect(voided.replacedBy).toBe(replacement.id);
		expect(replacement.status).toBe('valid');
		expect(replacement.replaces).toBe(old.id);
	});

	it('a paper certificate the applicant describes can be declared void; the draft needs an employer first', async () => {
		const who = await employerWithApplicant('city');
		const id = await reissueDraft(who);
		at('2026-03-02');
		const subject = {
			type: 'paper' as const,
			series: 'engineering',
			qualification: '助理工程师',
			number: '柳职证 2015-0042',
			issuedOn: '2015-06-30',
			issuingOffice: '柳州市职称改革工作领导小组办公室'
		};
		const noEmployer = await reissueDraft(who);
		await db()
			.update(applications)
			.set({
				content: sql`jsonb_set(${applications.content}, '{employment,employerId}', '""')`
			})
			.where(eq(applications.id, noEmployer));
		const unrouted = await refusal(
			publishNotice(who.applicant.actor, { applicationId: noEmployer, expectedVersion: 1, subject })
		);
		expect(unrouted.fields['employment.employerId']).toBeTruthy();
		// No draft chosen, or one that is not this person's: the message names that, and does not
		// tell someone who has a draft to create one.
		const none = await refusal(
			publishNotice(who.applicant.actor, { applicationId: '', expectedVersion: 1, subject })
		);
		expect([none.code, none.fields.draft]).toEqual(['VALIDATION', '请选择对应的补办申请']);
		const stranger = await refusal(
			publishNotice(who.applicant.actor, {
				applicationId: randomUUID(),
				expectedVersion: 1,
				subject
			})
		);
		expect(stranger.fields.draft).toBeTruthy();
		expect(stranger.message).not.toContain('新建');
		const bad = await refusal(
			publishNotice(who.applicant.actor, {
				applicationId: id,
				expectedVersion: 1,
				subject: { ...subject, issuedOn: '2030-01-01' }
			})
		);
		expect(bad.fields.issuedOn).toBeTruthy();
		const { notice } = await publishNotice(who.applicant.actor, {
			applicationId: id,
			expectedVersion: 1,
			subject
		});
		expect(notice).toMatchObject({
			paperNumber: '柳职证 2015-0042',
			certificateId: null,
			completesOn: '2026-03-09'
		});
		const again = await reissueDraft(who);
		const dup = await refusal(
			publishNotice(who.applicant.actor, { applicationId: again, expectedVersion: 1, subject })
		);
		expect(dup.message).toContain('正在公示中');
	});

	it('someone else’s certificate cannot be declared void', async () => {
		const owner = await employerWithApplicant('liujiang');
		at('2026-01-20');
		const cert = await certificateOf((await approvedRecognition(offices, owner, 'junior')).id);
		const thief = await employerWithApplicant('liujiang');
		const id = await reissueDraft(thief);
		const e = await refusal(
			publishNotice(thief.applicant.actor, {
				applicationId: id,
				expectedVersion: 1,
				subject: { type: 'electronic', certificateId: cert.id }
			})
		);
		expect(e.fields.certificateId).toBeTruthy();
		expect((await reload(id)).state).toBe('draft');
		expect(await db().select().from(notices).where(eq(notices.applicationId, id))).toHaveLength(0);
	});

	it('a running notice can be withdrawn (the reissue with it) but stays on record; the database refuses to delete it', async () => {
		const who = await employerWithApplicant('liujiang');
		at('2026-01-20');
		const cert = await certificateOf((await approvedRecognition(offices, who, 'junior')).id);
		const id = await reissueDraft(who);
		at('2026-04-01');
		const { notice } = await publishNotice(who.applicant.actor, {
			applicationId: id,
			expectedVersion: 1,
			subject: { type: 'electronic', certificateId: cert.id }
		});
		at('2026-04-03');
		const withdrawn = await withdrawNotice(who.applicant.actor, notice.id);
		expect(withdrawn.status).toBe('withdrawn');
		expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
		expect((await reload(id)).state).toBe('withdrawn');
		expect((await noticeStatusOf([cert.id])).has(cert.id)).toBe(false);
		expect((await refusal(withdrawNotice(who.applicant.actor, notice.id))).code).toBe(
			'INVALID_STATE'
		);
		await expect(db().execute(sql`delete from notices where id = ${notice.id}`)).rejects.toThrow();
		expect(await db().select().from(notices).where(eq(notices.id, notice.id))).toHaveLength(1);
		const audit = await db().select().from(auditLog).where(eq(auditLog.objectId, notice.id));
		expect(audit.map((a) => a.action).sort()).toEqual(['notice.publish', 'notice.withdraw']);
	});

	it('a completed notice can no longer be withdrawn', async () => {
		const who = await employerWithApplicant('liujiang');
		const id = await reissueDraft(who);
		at('2026-05-06');
		const { notice } = await publishNotice(who.applicant.actor, {
			applicationId: id,
			expectedVersion: 1,
			subject: {
				type: 'paper',
				series: 'engineering',
				qualification: '工程师',
				number: 'GC-2012-778',
				issuedOn: '2012-10-01',
				issuingOffice: '柳江县职称改革工作领导小组办公室'
			}
		});
		at('2026-05-20');
		const e = await refusal(withdrawNotice(who.applicant.actor, notice.id));
		expect(e.message).toContain('公示期已满');
	});
});

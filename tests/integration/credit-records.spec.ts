import { eq, sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import type { Actor } from '../../src/lib/domain/policy.js';
import {
	annotateRecord,
	creditEvidence,
	creditOfApplication,
	myCreditRecords,
	officeCreditRecords,
	recordViolation
} from '../../src/lib/server/credit/queries.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	auditLog,
	creditRecordAnnotations,
	creditRecords
} from '../../src/lib/server/db/schema/index.js';
import { acceptUpload } from '../../src/lib/server/files/accept-upload.js';
import { employerWithApplicant, platform, submitted } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
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

async function evidence() {
	const pdf = await PDFDocument.create();
	pdf.addPage([200, 200]);
	const bytes = (await pdf.save()).slice().buffer as ArrayBuffer;
	return acceptUpload(new File([bytes], 'decision.pdf', { type: 'application/pdf' }), 'evidence');
}

const violation = (idNumber: string) => ({
	name: '覃志堃',
	idNumber,
	kind: 'forgery',
	description: '经核查，申报材料中的学历证书系伪造，已由发证学校书面确认。',
	occurredOn: '2025-11-03',
	decisionDocument: '柳江职改〔2025〕12号 关于覃志堃伪造学历证书的处理决定'
});

describe(`credit records (${backend})`, () => {
	it('permission matrix end to end: who may record, view (flag on applications), annotate', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await submitted('recognition', who, {
			level: 'junior',
			qualification: '助理工程师'
		});
		const otherCounty = await makeOrg('countyOffice', { tier: 'liucheng' });
		const strangerEmployer = await makeOrg('employer');
		const other = await employerWithApplicant('city');

		// Record: city and county offices only.
		for (const actor of [who.employer.actor, offices.seriesOffice.actor, who.applicant.actor])
			expect(
				await code(recordViolation(actor, violation(who.applicant.idNumber), await evidence()))
			).toBe('FORBIDDEN');
		const record = await recordViolation(
			offices.county.actor,
			violation(who.applicant.idNumber),
			await evidence()
		);
		expect(record.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);

		// View: reviewers of the person's application see the flag and records; strangers do not.
		for (const actor of [who.employer.actor, who.supervisor.actor, offices.city.actor]) {
			const seen = await creditOfApplication(actor, app.id);
			expect(seen).toHaveLength(1);
			expect(seen[0]).toMatchObject({ kind: 'forgery', kindLabel: '伪造证书或表格' });
		}
		expect(await code(creditOfApplication(strangerEmployer.actor, app.id))).toBe('FORBIDDEN');
		expect(await code(creditOfApplication(other.applicant.actor, app.id))).toBe('FORBIDDEN');
		expect(await code(officeCreditRecords(who.employer.actor))).toBe('FORBIDDEN');
		expect(await officeCreditRecords(otherCounty.actor, who.applicant.idNumber)).toHaveLength(1);

		// The person sees their own; another person sees none of it.
		expect(await myCreditRecords(who.applicant.actor)).toHaveLength(1);
		expect(await myCreditRecords(other.applicant.actor)).toHaveLength(0);

		// Annotate: the recording office and the city office; not another county, not reviewers.
		const note = { kind: 'appealRejected', text: '当事人申诉，经复核维持原处理决定。' };
		for (const actor of [otherCounty.actor, who.employer.actor, who.applicant.actor] as Actor[])
			expect(await code(annotateRecord(actor, record.id, note))).toBe('FORBIDDEN');
		await annotateRecord(offices.county.actor, record.id, note);
		await annotateRecord(offices.city.actor, record.id, {
			kind: 'note',
			text: '已移交市人社局处理。'
		});
		const [withNotes] = await myCreditRecords(who.applicant.actor);
		expect(withNotes.annotations.map((a) => a.kindLabel)).toEqual(['申诉驳回', '备注']);

		// Evidence: offices only.
		expect((await creditEvidence(offices.city.actor, record.id)).mime).toBe('application/pdf');
		expect(await code(creditEvidence(who.employer.actor, record.id))).toBe('FORBIDDEN');

		// Every view and change is audited.
		const actions = (
			await db().select().from(auditLog).where(eq(auditLog.objectType, 'creditRecord'))
		)
			.filter((a) => a.result === 'ok')
			.map((a) => a.action);
		expect(actions.filter((a) => a === 'credit.record')).toHaveLength(1);
		expect(actions.filter((a) => a === 'credit.annotate')).toHaveLength(2);
		expect(actions.filter((a) => a === 'credit.view').length).toBeGreaterThanOrEqual(7);
		expect(actions).toContain('credit.evidence');
	});

	it('refuses incomplete records with Chinese field messages', async () => {
		const e = await recordViolation(
			offices.city.actor,
			{ ...violation('123'), description: '短', decisionDocument: '', occurredOn: '2099-01-01' },
			await evidence()
		).catch((x) => x as AppError);
		expect(e).toBeInstanceOf(AppError);
		expect(Object.keys((e as AppError).fields).sort()).toEqual([
			'decisionDocument',
			'description',
			'idNumber',
			'occurredOn'
		]);
	});

	it('no deletion possible: the database refuses DELETE, UPDATE and TRUNCATE of records and annotations', async () => {
		const who = await employerWithApplicant('city');
		const record = await recordViolation(
			offices.city.actor,
			violation(who.applicant.idNumber),
			await evidence()
		);
		await annotateRecord(offices.city.actor, record.id, { kind: 'correction', text: '更正日期。' });
		await expect(
			db().execute(sql`delete from credit_records where id = ${record.id}`)
		).rejects.toThrow();
		await expect(
			db().execute(sql`update credit_records set description = 'x' where id = ${record.id}`)
		).rejects.toThrow();
		await expect(
			db().execute(sql`delete from credit_record_annotations where record_id = ${record.id}`)
		).rejects.toThrow();
		await expect(db().execute(sql`truncate credit_records cascade`)).rejects.toThrow();
		expect(
			await db().select().from(creditRecords).where(eq(creditRecords.id, record.id))
		).toHaveLength(1);
		expect(
			await db()
				.select()
				.from(creditRecordAnnotations)
				.where(eq(creditRecordAnnotations.recordId, record.id))
		).toHaveLength(1);
	});
});

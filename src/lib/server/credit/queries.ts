/**
 * Credit records (信用记录): recording a violation, annotating it, and every way of reading them.
 * Who may do what is policy.ts (credit.record / credit.view / credit.annotate). Every read and
 * every change is audited; rows are never updated or deleted (database triggers), so there is
 * no such code path here either.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { maskIdNumber, parseIdNumber } from '#lib/domain/identity.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import { dayNumber } from '#lib/domain/working-days.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { involvedOrgIds } from '../applications/transition-application.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { blindIndex, encrypt } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import {
	applications,
	creditRecordAnnotations,
	creditRecords,
	files,
	organisations,
	users
} from '../db/schema/index.js';
import type { AcceptedUpload } from '../files/accept-upload.js';

export const VIOLATION_KINDS = {
	forgery: '伪造证书或表格',
	alteration: '篡改证书或表格',
	abuse: '滥用证书或表格',
	falseMaterials: '提供虚假申报材料'
} as const;
export type ViolationKind = keyof typeof VIOLATION_KINDS;

export const ANNOTATION_KINDS = {
	appealUpheld: '申诉成立',
	appealRejected: '申诉驳回',
	correction: '更正',
	note: '备注'
} as const;
export type AnnotationKind = keyof typeof ANNOTATION_KINDS;

const staffOf = (actor: Actor) => {
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	return actor;
};

function audit(tx: Tx, actor: Actor, action: string, objectId: string | null, detail = {}) {
	return recordAudit(tx, {
		actorUserId: actor.userId,
		actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
		action,
		objectType: 'creditRecord',
		objectId,
		result: 'ok',
		detail
	});
}

export interface ViolationInput {
	name: string;
	idNumber: string;
	kind: string;
	description: string;
	occurredOn: string;
	decisionDocument: string;
}

export async function recordViolation(
	actor: Actor,
	input: ViolationInput,
	evidence: AcceptedUpload
) {
	await authorize(actor, 'credit.record', { type: 'platform' });
	const office = staffOf(actor);
	const fields: Record<string, string> = {};
	const name = input.name.trim();
	if (name.length < 2 || name.length > 30) fields.name = '请填写当事人姓名';
	const id = parseIdNumber(input.idNumber);
	if (!id.ok) fields.idNumber = id.message;
	if (!(input.kind in VIOLATION_KINDS)) fields.kind = '请选择违规类型';
	const description = input.description.trim();
	if (description.length < 10 || description.length > 2000)
		fields.description = '请写明查证的事实（10–2000 字）';
	let dateOk = true;
	try {
		dayNumber(input.occurredOn);
	} catch {
		dateOk = false;
	}
	if (!dateOk || input.occurredOn > chinaToday())
		fields.occurredOn = '请填写违规发生（或查实）的日期，不能晚于今天';
	const decision = input.decisionDocument.trim();
	if (decision.length < 4 || decision.length > 200)
		fields.decisionDocument = '请填写处理决定的文号和标题';
	if (Object.keys(fields).length || !id.ok) throw new AppError('VALIDATION', fields);
	return db().transaction(async (tx) => {
		const [file] = await tx
			.insert(files)
			.values({
				ownerUserId: office.userId,
				purpose: 'creditEvidence',
				mime: evidence.mime,
				size: evidence.size,
				sha256: evidence.sha256,
				data: evidence.bytes
			})
			.returning({ id: files.id });
		const [row] = await tx
			.insert(creditRecords)
			.values({
				subjectName: name,
				idNumberEnc: encrypt(id.value),
				idNumberHmac: blindIndex('id', id.value),
				idNumberMasked: maskIdNumber(id.value, 'staff'),
				kind: input.kind as ViolationKind,
				description,
				occurredOn: input.occurredOn,
				decisionDocument: decision,
				evidenceFileId: file.id,
				recordedByOrgId: office.orgId,
				recordedBy: office.userId
			})
			.returning();
		await audit(tx, actor, 'credit.record', row.id, {
			kind: row.kind,
			idNumber: row.idNumberMasked
		});
		return row;
	});
}

async function loadRecord(id: string) {
	const [row] = isUuid(id)
		? await db().select().from(creditRecords).where(eq(creditRecords.id, id))
		: [];
	if (!row) throw new AppError('NOT_FOUND');
	return row;
}

export async function annotateRecord(
	actor: Actor,
	recordId: string,
	input: { kind: string; text: string }
) {
	const record = await loadRecord(recordId);
	await authorize(actor, 'credit.annotate', {
		type: 'creditRecord',
		recordedByOrgId: record.recordedByOrgId
	});
	const office = staffOf(actor);
	if (!(input.kind in ANNOTATION_KINDS))
		throw new AppError('VALIDATION', { kind: '请选择批注类型' });
	const text = input.text.trim();
	if (text.length < 4 || text.length > 2000)
		throw new AppError('VALIDATION', { text: '请写明批注内容（4–2000 字），如申诉结论和文号' });
	return db().transaction(async (tx) => {
		const [row] = await tx
			.insert(creditRecordAnnotations)
			.values({
				recordId,
				kind: input.kind as AnnotationKind,
				text,
				byOrgId: office.orgId,
				byUserId: office.userId
			})
			.returning();
		await audit(tx, actor, 'credit.annotate', recordId, { kind: row.kind });
		return row;
	});
}

export interface CreditRecordView {
	id: string;
	subjectName: string;
	idNumberMasked: string;
	kind: ViolationKind;
	kindLabel: string;
	description: string;
	occurredOn: string;
	decisionDocument: string;
	hasEvidence: boolean;
	recordedBy: string;
	annotations: { kind: AnnotationKind; kindLabel: string; text: string; by: string; at: Date }[];
}

async function views(rows: (typeof creditRecords.$inferSelect)[]): Promise<CreditRecordView[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const orgIds = [...new Set(rows.map((r) => r.recordedByOrgId))];
	const notes = await db()
		.select({ a: creditRecordAnnotations, by: organisations.name })
		.from(creditRecordAnnotations)
		.innerJoin(organisations, eq(organisations.id, creditRecordAnnotations.byOrgId))
		.where(inArray(creditRecordAnnotations.recordId, ids))
		.orderBy(asc(creditRecordAnnotations.createdAt));
	const orgs = await db()
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(inArray(organisations.id, orgIds));
	return rows.map((r) => ({
		id: r.id,
		subjectName: r.subjectName,
		idNumberMasked: r.idNumberMasked,
		kind: r.kind,
		kindLabel: VIOLATION_KINDS[r.kind],
		description: r.description,
		occurredOn: r.occurredOn,
		decisionDocument: r.decisionDocument,
		hasEvidence: !!r.evidenceFileId,
		recordedBy: orgs.find((o) => o.id === r.recordedByOrgId)?.name ?? '',
		annotations: notes
			.filter((n) => n.a.recordId === r.id)
			.map((n) => ({
				kind: n.a.kind,
				kindLabel: ANNOTATION_KINDS[n.a.kind],
				text: n.a.text,
				by: n.by,
				at: n.a.createdAt
			}))
	}));
}

async function recordsOfHmac(hmac: string) {
	return db()
		.select()
		.from(creditRecords)
		.where(eq(creditRecords.idNumberHmac, hmac))
		.orderBy(desc(creditRecords.occurredOn));
}

/** The flag and records on an application, for the organisations handling it. */
export async function creditOfApplication(actor: Actor, applicationId: string) {
	const [app] = isUuid(applicationId)
		? await db().select().from(applications).where(eq(applications.id, applicationId))
		: [];
	if (!app) throw new AppError('NOT_FOUND');
	await authorize(actor, 'credit.view', {
		type: 'creditSubject',
		subjectUserId: app.applicantId,
		orgIds: await involvedOrgIds(db(), app)
	});
	const [person] = await db()
		.select({ hmac: users.idNumberHmac })
		.from(users)
		.where(eq(users.id, app.applicantId));
	const rows = person?.hmac ? await recordsOfHmac(person.hmac) : [];
	await audit(db(), actor, 'credit.view', null, { applicationId, records: rows.length });
	return views(rows);
}

/** The person's own records (/credit). */
export async function myCreditRecords(actor: Actor) {
	if (actor.kind !== 'applicant') return [];
	await authorize(actor, 'credit.view', {
		type: 'creditSubject',
		subjectUserId: actor.userId,
		orgIds: []
	});
	const [me] = await db()
		.select({ hmac: users.idNumberHmac })
		.from(users)
		.where(eq(users.id, actor.userId));
	const rows = me?.hmac ? await recordsOfHmac(me.hmac) : [];
	await audit(db(), actor, 'credit.view', null, { own: true, records: rows.length });
	return views(rows);
}

/** The recording offices' register: newest first, or one person by exact ID number or name. */
export async function officeCreditRecords(actor: Actor, q = '') {
	await authorize(actor, 'credit.view', { type: 'creditSubject', subjectUserId: null, orgIds: [] });
	const term = q.trim().slice(0, 30);
	const id = parseIdNumber(term);
	const where = !term
		? undefined
		: id.ok
			? eq(creditRecords.idNumberHmac, blindIndex('id', id.value))
			: eq(creditRecords.subjectName, term);
	const rows = await db()
		.select()
		.from(creditRecords)
		.where(where)
		.orderBy(desc(creditRecords.createdAt))
		.limit(100);
	await audit(db(), actor, 'credit.view', null, { search: !!term, records: rows.length });
	return views(rows);
}

/** One record for the offices (detail, annotate); audited. */
export async function creditRecordDetail(actor: Actor, id: string) {
	const row = await loadRecord(id);
	await authorize(actor, 'credit.view', { type: 'creditSubject', subjectUserId: null, orgIds: [] });
	await audit(db(), actor, 'credit.view', row.id);
	const [view] = await views([row]);
	return {
		...view,
		mayAnnotate:
			actor.kind === 'staff' &&
			(actor.orgType === 'cityOffice' || actor.orgId === row.recordedByOrgId)
	};
}

/** The evidence file, for those who may see the record; audited. */
export async function creditEvidence(actor: Actor, id: string) {
	const row = await loadRecord(id);
	await authorize(actor, 'credit.view', { type: 'creditSubject', subjectUserId: null, orgIds: [] });
	if (!row.evidenceFileId) throw new AppError('NOT_FOUND');
	const [file] = await db()
		.select()
		.from(files)
		.where(and(eq(files.id, row.evidenceFileId), eq(files.purpose, 'creditEvidence')));
	if (!file) throw new AppError('NOT_FOUND');
	await audit(db(), actor, 'credit.evidence', row.id);
	return file;
}

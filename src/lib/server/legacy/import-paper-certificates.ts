/**
 * Paper certificates issued before the platform: registered by an office (form or CSV), found by
 * number + name (the verification engineer's `/verify`), and the subject of invalidation notices.
 */
import { and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { isSeries, SERIES } from '#lib/domain/catalogue.js';
import { AppError } from '#lib/domain/errors.js';
import { maskIdNumber, maskName, parseIdNumber } from '#lib/domain/identity.js';
import type { Actor } from '#lib/domain/policy.js';
import { dayNumber } from '#lib/domain/working-days.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { blindIndex, encrypt } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import { applications, notices, paperCertificates } from '../db/schema/index.js';
import { isUniqueViolation } from '../db/unique.js';
import { noticeState, type NoticeState } from '#lib/domain/notice-state.js';
import { parseTable, CsvError } from './csv.js';
import { readTable } from './read-table.js';

export const PAPER_COLUMNS = {
	holderName: '姓名',
	idNumber: '身份证号',
	series: '职称系列',
	qualification: '资格名称',
	level: '级别',
	certificateNo: '证书编号',
	issuedOn: '发证日期',
	issuingOffice: '发证单位'
} as const;

export type PaperInput = Record<keyof typeof PAPER_COLUMNS, string>;

/** The .xlsx template's columns (import-template.ts), in PAPER_COLUMNS order. */
export async function paperCertificateTemplate(): Promise<Uint8Array> {
	const { importTemplate } = await import('./import-template.js');
	const notes: Record<keyof typeof PAPER_COLUMNS, [string, string]> = {
		holderName: ['持证人姓名，2–30 字', '韦丽琰'],
		idNumber: ['18 位居民身份证号（本列为文本格式，直接填写）', '450205199001011234'],
		series: [`职称系列：${SERIES.map((s) => s.name).join('、')}`, '工程'],
		qualification: ['资格名称', '工程师'],
		level: ['初级、中级 或 高级', '中级'],
		certificateNo: ['纸质证书上的编号', 'LZGC-2015-0001'],
		issuedOn: ['年-月-日', '2015-06-30'],
		issuingOffice: ['发证单位全称', '柳州市职称改革工作领导小组办公室']
	};
	return importTemplate(
		'纸质证书',
		(Object.keys(PAPER_COLUMNS) as (keyof typeof PAPER_COLUMNS)[]).map((k) => ({
			header: PAPER_COLUMNS[k],
			note: notes[k][0],
			example: notes[k][1],
			width: k === 'idNumber' || k === 'issuingOffice' ? 24 : undefined
		}))
	);
}

const LEVELS: Record<string, 'junior' | 'intermediate' | 'senior'> = {
	junior: 'junior',
	初级: 'junior',
	intermediate: 'intermediate',
	中级: 'intermediate',
	senior: 'senior',
	高级: 'senior',
	副高: 'senior',
	正高: 'senior'
};

/** Checks one row or form; field errors in Chinese, nothing written. */
export function checkPaper(input: PaperInput, today = chinaToday()) {
	const fields: Record<string, string> = {};
	const name = input.holderName.trim();
	if (name.length < 2 || name.length > 30) fields.holderName = '请填写持证人姓名（2–30 字）';
	const id = parseIdNumber(input.idNumber ?? '');
	if (!id.ok) fields.idNumber = id.message;
	const series = SERIES.find((s) => s.code === input.series || s.name === input.series)?.code;
	if (!series || !isSeries(series))
		fields.series = `职称系列应为：${SERIES.map((s) => s.name).join('、')}`;
	const qualification = input.qualification.trim();
	if (qualification.length < 2 || qualification.length > 40)
		fields.qualification = '请填写资格名称';
	const level = LEVELS[input.level.trim()];
	if (!level) fields.level = '级别应为 初级、中级 或 高级';
	const number = input.certificateNo.trim();
	if (number.length < 3 || number.length > 60)
		fields.certificateNo = '请填写证书编号（3–60 个字符）';
	let dateOk = true;
	try {
		dayNumber(input.issuedOn.trim());
	} catch {
		dateOk = false;
	}
	if (!dateOk) fields.issuedOn = '发证日期应为 年-月-日，如 2015-06-30';
	else if (input.issuedOn.trim() > today) fields.issuedOn = '发证日期不能晚于今天';
	const office = input.issuingOffice.trim();
	if (office.length < 2 || office.length > 60) fields.issuingOffice = '请填写发证单位';
	if (Object.keys(fields).length || !id.ok || !series || !level)
		return { ok: false as const, fields };
	return {
		ok: true as const,
		value: {
			holderName: name,
			idNumber: id.value,
			series,
			qualification,
			level,
			certificateNo: number,
			issuedOn: input.issuedOn.trim(),
			issuingOffice: office
		}
	};
}

type Checked = Extract<ReturnType<typeof checkPaper>, { ok: true }>['value'];

async function insertPaper(tx: Tx, actor: Extract<Actor, { kind: 'staff' }>, v: Checked) {
	const [row] = await tx
		.insert(paperCertificates)
		.values({
			holderName: v.holderName,
			idNumberEnc: encrypt(v.idNumber),
			idNumberHmac: blindIndex('id', v.idNumber),
			idNumberMasked: maskIdNumber(v.idNumber, 'staff'),
			series: v.series,
			qualification: v.qualification,
			level: v.level,
			certificateNo: v.certificateNo,
			issuedOn: v.issuedOn,
			issuingOffice: v.issuingOffice,
			registeredByOrgId: actor.orgId,
			registeredBy: actor.userId
		})
		.returning();
	await recordAudit(tx, {
		actorUserId: actor.userId,
		actorOrgId: actor.orgId,
		action: 'paperCertificate.register',
		objectType: 'paperCertificate',
		objectId: row.id,
		result: 'ok',
		detail: { certificateNo: v.certificateNo, idNumber: maskIdNumber(v.idNumber, 'staff') }
	});
	return row;
}

const DUPLICATE = '该发证单位的这个证书编号已登记过';

/** Registers one paper certificate; `tx`: a transaction the caller holds (the demo seed's). */
export async function registerPaperCertificate(actor: Actor, input: PaperInput, tx?: Tx) {
	await authorize(actor, 'paperCertificate.register', { type: 'platform' }, tx);
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	const checked = checkPaper(input);
	if (!checked.ok) throw new AppError('VALIDATION', checked.fields);
	try {
		return await (tx ?? db()).transaction((t) => insertPaper(t, actor, checked.value));
	} catch (e) {
		if (isUniqueViolation(e)) throw new AppError('VALIDATION', { certificateNo: DUPLICATE });
		throw e;
	}
}

export interface RowReport {
	line: number;
	ok: boolean;
	/** Chinese: what was wrong (field: message; …) or what was imported. */
	message: string;
}

/**
 * CSV or .xlsx import (read-table.ts: UTF-8 or GBK CSV, Excel workbook): every row is checked and written in its own transaction (savepoint semantics),
 * so good rows are imported, bad rows are reported with their line and reason, and no row is
 * ever half-written. A malformed file (header, quotes) imports nothing.
 */
export async function importPaperCertificates(
	actor: Actor,
	file: string | Uint8Array
): Promise<RowReport[]> {
	await authorize(actor, 'paperCertificate.register', { type: 'platform' });
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	let rows;
	try {
		rows = parseTable((await readTable(file)).records, PAPER_COLUMNS);
	} catch (e) {
		if (e instanceof CsvError) throw new AppError('VALIDATION', { file: e.message }, e.message);
		throw e;
	}
	if (rows.length > 5000)
		throw new AppError('VALIDATION', { file: '每次最多导入 5000 行，请分批导入' });
	const report: RowReport[] = [];
	for (const row of rows) {
		const checked = checkPaper(row.values as PaperInput);
		if (!checked.ok) {
			report.push({ line: row.line, ok: false, message: describe(checked.fields) });
			continue;
		}
		try {
			await db().transaction((tx) => insertPaper(tx, actor, checked.value));
			report.push({ line: row.line, ok: true, message: `已登记 ${checked.value.certificateNo}` });
		} catch (e) {
			if (!isUniqueViolation(e)) throw e;
			report.push({ line: row.line, ok: false, message: `证书编号：${DUPLICATE}` });
		}
	}
	await recordAudit(db(), {
		actorUserId: actor.userId,
		actorOrgId: actor.orgId,
		action: 'paperCertificate.import',
		result: 'ok',
		detail: { rows: report.length, imported: report.filter((r) => r.ok).length }
	});
	return report;
}

export function describe(fields: Record<string, string>): string {
	return Object.entries(fields)
		.map(([k, m]) => `${PAPER_COLUMNS[k as keyof typeof PAPER_COLUMNS] ?? k}：${m}`)
		.join('；');
}

export interface PaperLookup {
	holderName: string;
	series: string;
	qualification: string;
	level: string;
	certificateNo: string;
	issuedOn: string;
	issuingOffice: string;
	/** An invalidation notice about it: running (声明作废公示中) or completed (已声明作废). */
	notice: { state: NoticeState; until: string; provisional: boolean } | null;
}

/**
 * The number + name lookup for verification: exact number (spaces ignored) and exact name.
 * Returns the masked name and no ID number; null when nothing matches both.
 */
export async function findPaperCertificate(
	number: string,
	name: string
): Promise<PaperLookup | null> {
	const n = number.replace(/\s+/g, '');
	const who = name.trim();
	if (!n || !who || n.length > 60 || who.length > 30) return null;
	const [row] = await db()
		.select()
		.from(paperCertificates)
		.where(
			and(
				eq(sql`replace(${paperCertificates.certificateNo}, ' ', '')`, n),
				eq(paperCertificates.holderName, who)
			)
		)
		.limit(1);
	if (!row) return null;
	const today = chinaToday();
	const found = await db()
		.select({ notice: notices, state: applications.state })
		.from(notices)
		.innerJoin(applications, eq(applications.id, notices.applicationId))
		.where(
			or(
				eq(notices.paperCertificateId, row.id),
				and(
					eq(sql`replace(${notices.paperNumber}, ' ', '')`, n),
					eq(notices.paperIssuingOffice, row.issuingOffice)
				)
			)
		)
		.orderBy(desc(notices.publishedOn));
	const states = found
		.map((f) => ({ n: f.notice, state: noticeState(f.notice, f.state, today) }))
		.filter((f) => f.state !== 'withdrawn');
	const pick = states.find((s) => s.state === 'running') ?? states[0];
	return {
		holderName: maskName(row.holderName),
		series: row.series,
		qualification: row.qualification,
		level: row.level,
		certificateNo: row.certificateNo,
		issuedOn: row.issuedOn,
		issuingOffice: row.issuingOffice,
		notice: pick
			? { state: pick.state, until: pick.n.completesOn, provisional: pick.n.provisional }
			: null
	};
}

/** The office's register, newest first, searchable by number or name. */
export async function listPaperCertificates(actor: Actor, q = '') {
	await authorize(actor, 'paperCertificate.register', { type: 'platform' });
	const term = q.trim().slice(0, 40);
	const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return db()
		.select({
			id: paperCertificates.id,
			holderName: paperCertificates.holderName,
			idNumberMasked: paperCertificates.idNumberMasked,
			series: paperCertificates.series,
			qualification: paperCertificates.qualification,
			certificateNo: paperCertificates.certificateNo,
			issuedOn: paperCertificates.issuedOn,
			issuingOffice: paperCertificates.issuingOffice
		})
		.from(paperCertificates)
		.where(
			term
				? or(
						ilike(paperCertificates.certificateNo, like),
						ilike(paperCertificates.holderName, like)
					)
				: undefined
		)
		.orderBy(desc(paperCertificates.createdAt))
		.limit(100);
}

/** An applicant's registered paper certificates (matched by ID number), for notices. */
export async function paperCertificatesOf(idNumberHmac: string | null) {
	if (!idNumberHmac) return [];
	return db()
		.select({
			id: paperCertificates.id,
			series: paperCertificates.series,
			qualification: paperCertificates.qualification,
			certificateNo: paperCertificates.certificateNo,
			issuedOn: paperCertificates.issuedOn,
			issuingOffice: paperCertificates.issuingOffice
		})
		.from(paperCertificates)
		.where(eq(paperCertificates.idNumberHmac, idNumberHmac))
		.orderBy(desc(paperCertificates.issuedOn));
}

/**
 * Archive forms (存档材料) for the holder's personnel file: 评审表 (evaluation), 认定表
 * (recognition) and 重新确认审批表 (reconfirmation). The row is created in the transaction of the
 * final approval (archiveFormReady effect); the PDF is rendered on demand: the application, then
 * each approving step's organisation, opinion, reviewer, date and a red seal of that
 * organisation, a QR of its own (archive-form-token.ts) and the issuing office's PDF signature.
 */
import { createHash } from 'node:crypto';
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDate } from '../../domain/date-format.js';
import { signArchiveFormToken } from '../../domain/archive-form-token.js';
import { AppError } from '../../domain/errors.js';
import { maskIdNumber, parseIdNumber } from '../../domain/identity.js';
import { isUuid } from '../../domain/ids.js';
import type { Actor } from '../../domain/policy.js';
import { levelLabels } from '../../domain/routing.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { decrypt } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import {
	applications,
	applicationSteps,
	archiveForms,
	organisations,
	users,
	type Application,
	type ArchiveForm
} from '../db/schema/index.js';
import { embedCertificateFonts, type CertificateFonts } from './fonts.js';
import { signingIdentityFor, tokenKeyFor } from './token-keys.js';
import { drawQr } from './qr.js';
import { drawSeal } from './seal.js';
import { signDocument } from './sign-pdf.js';
import { color, fitSize } from './text.js';
import { PAGE, SEAL_RED } from './theme.js';

export type ArchiveFormKind = ArchiveForm['kind'];

export const ARCHIVE_FORM_TITLES: Record<ArchiveFormKind, string> = {
	evaluation: '专业技术人员职称评审表',
	recognition: '专业技术人员职称认定表',
	reconfirmation: '调入人员职称重新确认审批表'
};
const PREFIX: Record<ArchiveFormKind, string> = {
	evaluation: 'PS',
	recognition: 'RD',
	reconfirmation: 'QR'
};
/** Steps an archive form shows: the approvals of the final round, the decision, the conferral. */
const FORM_EVENTS = ['approve', 'committeeDecide', 'confer'];

type Step = typeof applicationSteps.$inferSelect;

/** The final round: steps after the last (re)submission. */
function finalRound(steps: Step[]): Step[] {
	let start = 0;
	steps.forEach((s, i) => {
		if (s.event === 'submit' || s.event === 'resubmit') start = i + 1;
	});
	return steps.slice(start).filter((s) => FORM_EVENTS.includes(s.event));
}

function contentDigest(app: Application, steps: Step[]): string {
	const h = createHash('sha256').update(app.contentHash ?? '');
	for (const s of steps) h.update(`|${s.seq}:${s.seal?.kid ?? ''}:${s.seal?.signature ?? ''}`);
	return h.digest('hex');
}

async function stepsOf(tx: Tx, applicationId: string): Promise<Step[]> {
	return tx
		.select()
		.from(applicationSteps)
		.where(eq(applicationSteps.applicationId, applicationId))
		.orderBy(asc(applicationSteps.seq));
}

/** Records the form at final approval (idempotent per application). */
export async function createArchiveForm(
	tx: Tx,
	app: Application,
	kind: ArchiveFormKind,
	issuerOrgId: string
): Promise<ArchiveForm> {
	const [existing] = await tx
		.select()
		.from(archiveForms)
		.where(eq(archiveForms.applicationId, app.id));
	if (existing) return existing;
	const steps = finalRound(await stepsOf(tx, app.id));
	const base = (app.number ?? app.id.replaceAll('-', '').slice(0, 20)).toUpperCase();
	const [form] = await tx
		.insert(archiveForms)
		.values({
			applicationId: app.id,
			kind,
			formNo: `${PREFIX[kind]}${base.replace(/[^A-Z0-9]/g, '')}`,
			contentSha256: contentDigest(app, steps),
			issuerOrgId
		})
		.returning();
	return form;
}

export interface ArchiveFormView {
	form: ArchiveForm;
	application: Application;
}

/** The form of an application, if the employer (or the city office) may download it. */
export async function archiveFormFor(
	actor: Actor,
	applicationId: string
): Promise<ArchiveFormView> {
	if (!isUuid(applicationId)) throw new AppError('NOT_FOUND');
	const [row] = await db()
		.select({ form: archiveForms, application: applications })
		.from(applications)
		.leftJoin(archiveForms, eq(archiveForms.applicationId, applications.id))
		.where(eq(applications.id, applicationId));
	if (!row) throw new AppError('NOT_FOUND');
	await authorize(actor, 'archiveForm.download', {
		type: 'archiveForm',
		applicantId: row.application.applicantId,
		employerId: row.application.employerId,
		issuerOrgId: row.form?.issuerOrgId ?? ''
	});
	if (!row.form) throw new AppError('ARCHIVE_FORM_NOT_READY');
	return { form: row.form, application: row.application };
}

/** Renders and signs the archive form; audited as a download. */
export async function downloadArchiveForm(
	actor: Actor,
	applicationId: string,
	origin: string
): Promise<{ pdf: Uint8Array; filename: string }> {
	const { form, application } = await archiveFormFor(actor, applicationId);
	const pdf = await db().transaction(async (tx) => {
		const bytes = await renderArchiveForm(tx, form, application, origin);
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: 'archiveForm.download',
			objectType: 'application',
			objectId: application.id,
			result: 'ok',
			detail: { formNo: form.formNo }
		});
		return bytes;
	});
	return { pdf, filename: `${form.formNo}.pdf` };
}

interface StepView {
	orgId: string | null;
	orgName: string;
	event: string;
	opinion: string;
	reviewer: string;
	date: string;
	sealCode: string;
	sealed: boolean;
}

const EVENT_TEXT: Record<string, string> = {
	approve: '审核意见',
	committeeDecide: '评审结果',
	confer: '发文授予'
};

export async function renderArchiveForm(
	tx: Tx,
	form: ArchiveForm,
	app: Application,
	origin: string
): Promise<Uint8Array> {
	const steps = finalRound(await stepsOf(tx, app.id));
	if (steps.some((s) => s.event === 'approve' && !s.seal))
		throw new AppError('ARCHIVE_FORM_NOT_READY');
	const orgIds = [...new Set(steps.map((s) => s.actorOrgId).filter((x): x is string => !!x))];
	const userIds = [...new Set(steps.map((s) => s.actorUserId).filter((x): x is string => !!x))];
	const orgs = orgIds.length
		? await tx.select().from(organisations).where(inArray(organisations.id, orgIds))
		: [];
	const people = userIds.length
		? await tx
				.select({ id: users.id, name: users.name })
				.from(users)
				.where(inArray(users.id, [...userIds, app.applicantId]))
		: [];
	const [holder] = await tx.select().from(users).where(eq(users.id, app.applicantId));
	const [employer] = app.employerId
		? await tx.select().from(organisations).where(eq(organisations.id, app.employerId))
		: [];
	const views: StepView[] = steps.map((s) => {
		const passed = (s.detail as { passed?: boolean }).passed;
		return {
			orgId: s.actorOrgId,
			orgName: orgs.find((o) => o.id === s.actorOrgId)?.name ?? '—',
			event: EVENT_TEXT[s.event] ?? s.event,
			opinion:
				s.opinion ??
				(s.event === 'committeeDecide' ? (passed ? '评审通过' : '评审未通过') : '同意'),
			reviewer: people.find((p) => p.id === s.actorUserId)?.name ?? '—',
			date: chinaDate(s.at),
			sealCode: s.seal?.kid ?? '',
			sealed: !!s.seal || s.event !== 'approve'
		};
	});

	const key = await tokenKeyFor(tx, form.issuerOrgId);
	const token = await signArchiveFormToken(
		{ formNo: form.formNo, contentSha256: form.contentSha256 },
		key
	);
	const idNumber = holder?.idNumberEnc ? decrypt(holder.idNumberEnc) : '';
	const parsed = parseIdNumber(idNumber);
	const content = (app.content ?? {}) as {
		title?: { qualification?: string; specialty?: string };
	};
	const fields: [string, string][] = [
		['姓名', app.applicantName],
		['性别', parsed.ok ? (parsed.sex === 'male' ? '男' : '女') : '—'],
		['身份证号', idNumber ? maskIdNumber(idNumber, 'staff') : '—'],
		['工作单位', employer?.name ?? '—'],
		['职称系列', seriesText(app.series)],
		['级别', levelLabels[app.level] ?? app.level],
		['资格名称', app.qualification || content.title?.qualification || '—'],
		['专业', content.title?.specialty || '—'],
		['申请编号', app.number ?? '—']
	];

	const doc = await PDFDocument.create();
	doc.setTitle(`${ARCHIVE_FORM_TITLES[form.kind]} ${form.formNo}`);
	doc.setCreator('Zhicheng');
	doc.setProducer('Zhicheng');
	const fonts = await embedCertificateFonts(doc);
	const page = doc.addPage([PAGE.width, PAGE.height]);
	const lastSeal = drawForm(doc, page, fonts, {
		title: ARCHIVE_FORM_TITLES[form.kind],
		formNo: form.formNo,
		fields,
		steps: views,
		verifyUrl: `${origin}/v/f/${token}`
	});
	const signer = await signingIdentityFor(tx, form.issuerOrgId);
	return signDocument(doc, signer, {
		widgetRect: lastSeal,
		reason: `${ARCHIVE_FORM_TITLES[form.kind]}签章`
	});
}

function seriesText(code: string): string {
	const names: Record<string, string> = {
		engineering: '工程技术',
		health: '卫生技术',
		teacher: '中小学教师',
		economics: '经济',
		accounting: '会计',
		agriculture: '农业技术'
	};
	return names[code] ?? code;
}

function chinaDate(at: Date): string {
	return formatDate(at);
}

/** Character-based line wrapping (CJK text has no spaces to break at). */
export function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const ch of text.replace(/\s+/g, ' ')) {
		if (font.widthOfTextAtSize(line + ch, size) > width && line) {
			lines.push(line);
			line = ch === ' ' ? '' : ch;
		} else line += ch;
	}
	if (line) lines.push(line);
	return lines;
}

const INK = color([30, 30, 30]);
const GREY = color([110, 110, 110]);
const RULE = color([120, 120, 120]);

function drawForm(
	doc: PDFDocument,
	page: PDFPage,
	fonts: CertificateFonts,
	f: {
		title: string;
		formNo: string;
		fields: [string, string][];
		steps: StepView[];
		verifyUrl: string;
	}
) {
	const left = 50;
	const right = PAGE.width - 50;
	const width = right - left;
	const titleSize = 18;
	const tw = fonts.bold.widthOfTextAtSize(f.title, titleSize);
	page.drawText(f.title, {
		x: (PAGE.width - tw) / 2,
		y: 780,
		size: titleSize,
		font: fonts.bold,
		color: INK
	});
	page.drawText(`表号：${f.formNo}`, {
		x: left,
		y: 752,
		size: 9,
		font: fonts.regular,
		color: GREY
	});
	drawQr(doc, page, f.verifyUrl, { x: right - 72, y: 730, width: 72, height: 72 });
	page.drawText('扫码查验', { x: right - 52, y: 722, size: 7, font: fonts.regular, color: GREY });

	// applicant: two columns of label | value
	let y = 712;
	const rowH = 24;
	const colW = width / 2;
	page.drawText('一、申请人基本情况', { x: left, y, size: 11, font: fonts.bold, color: INK });
	y -= 8;
	const rows = Math.ceil(f.fields.length / 2);
	page.drawRectangle({
		x: left,
		y: y - rows * rowH,
		width,
		height: rows * rowH,
		borderColor: RULE,
		borderWidth: 0.6
	});
	f.fields.forEach(([label, value], i) => {
		const col = i % 2;
		const row = Math.floor(i / 2);
		const x = left + col * colW;
		const top = y - row * rowH;
		page.drawLine({
			start: { x: left, y: top - rowH },
			end: { x: right, y: top - rowH },
			thickness: 0.4,
			color: RULE
		});
		page.drawText(label, {
			x: x + 6,
			y: top - 16,
			size: 9.5,
			font: fonts.regular,
			color: GREY
		});
		const size = fitSize(fonts.regular, value, colW - 80, 10, 6);
		page.drawText(value, { x: x + 70, y: top - 16, size, font: fonts.regular, color: INK });
	});
	page.drawLine({
		start: { x: left + colW, y },
		end: { x: left + colW, y: y - rows * rowH },
		thickness: 0.4,
		color: RULE
	});
	y -= rows * rowH + 26;

	page.drawText('二、审核、评审及审批意见', { x: left, y, size: 11, font: fonts.bold, color: INK });
	y -= 8;
	const stepH = Math.min(104, (y - 70) / Math.max(1, f.steps.length));
	let lastSeal = { x: right - 110, y: 60, width: 100, height: 100 };
	for (const s of f.steps) {
		const top = y;
		page.drawRectangle({
			x: left,
			y: top - stepH,
			width,
			height: stepH,
			borderColor: RULE,
			borderWidth: 0.6
		});
		page.drawText(`${s.orgName}（${s.event}）`, {
			x: left + 8,
			y: top - 16,
			size: fitSize(fonts.bold, `${s.orgName}（${s.event}）`, width - 150, 10.5, 7),
			font: fonts.bold,
			color: INK
		});
		const lines = wrap(fonts.regular, s.opinion, 9.5, width - 150).slice(0, 4);
		lines.forEach((line, i) =>
			page.drawText(line, {
				x: left + 8,
				y: top - 32 - i * 13,
				size: 9.5,
				font: fonts.regular,
				color: INK
			})
		);
		page.drawText(`审核人：${s.reviewer}    日期：${s.date}`, {
			x: left + 8,
			y: top - stepH + 8,
			size: 9,
			font: fonts.regular,
			color: GREY
		});
		if (s.sealed) {
			const radius = Math.min(40, stepH / 2 - 4);
			const cx = right - 60;
			const cy = top - stepH / 2;
			drawSeal(doc, page, {
				cx,
				cy,
				radius,
				orgName: s.orgName,
				sealCode: s.sealCode || '0000',
				color: SEAL_RED,
				font: fonts.bold
			});
			lastSeal = { x: cx - radius, y: cy - radius, width: 2 * radius, height: 2 * radius };
		}
		y -= stepH;
	}
	page.drawText(
		'本表由职称服务平台根据各审核部门的电子签章生成，供存入本人人事档案；扫描二维码可查验真伪。',
		{ x: left, y: 40, size: 8, font: fonts.regular, color: GREY }
	);
	return lastSeal;
}

/** Archive forms of the employer's staff (the city office sees the latest of all), newest first. */
export async function archiveFormsForEmployer(actor: Actor) {
	if (actor.kind !== 'staff' || actor.orgStatus !== 'active') return [];
	const city = actor.orgType === 'cityOffice';
	if (!city && actor.orgType !== 'employer') return [];
	return db()
		.select({
			applicationId: applications.id,
			applicantName: applications.applicantName,
			number: applications.number,
			kind: archiveForms.kind,
			formNo: archiveForms.formNo,
			createdAt: archiveForms.createdAt
		})
		.from(archiveForms)
		.innerJoin(applications, eq(applications.id, archiveForms.applicationId))
		.where(city ? undefined : eq(applications.employerId, actor.orgId))
		.orderBy(desc(archiveForms.createdAt))
		.limit(200);
}

/**
 * Issuing, voiding and revoking electronic certificates.
 *
 * Issuance runs INSIDE the transaction of the transition that earned it (transitionApplication
 * runs applyCertificateEffects, registered in register-effects.ts), so an approval and its
 * certificate commit or fail together.
 * It is idempotent per application (unique application_id): running it again — e.g. the batch
 * job resuming after a crash — returns the certificate already issued instead of a second one.
 * Numbers come from sequences (numbering.ts). Nothing here renders a PDF: the PDF is rendered
 * and signed on demand from the row (issued-pdf.ts), so issuing thousands is cheap.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { AppError } from '../../domain/errors.js';
import { encodeAndSign, maskIdNumber as publicMask } from '../../domain/certificate-token.js';
import { maskIdNumber, parseIdNumber } from '../../domain/identity.js';
import type { Effect, ProcedureKind } from '../../domain/procedures.js';
import type { Actor } from '../../domain/policy.js';
import { isUuid } from '../../domain/ids.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { now } from '../clock.js';
import { blindIndex, decrypt } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import {
	applicationSteps,
	attachments,
	certificates,
	conferrals,
	notices,
	organisations,
	users,
	type Application,
	type Certificate
} from '../db/schema/index.js';
import { createArchiveForm } from './archive-form.js';
import { tokenKeyFor } from './token-keys.js';
import { issuerCodeOf, nextNumbers } from './numbering.js';

/** 职称系列 as printed (and as the QR token's phrase list spells it). */
export const PRINTED_SERIES: Record<string, string> = {
	engineering: '工程技术',
	health: '卫生技术',
	teacher: '中小学教师',
	economics: '经济',
	accounting: '会计',
	agriculture: '农业技术'
};

/**
 * 评委会名称 where no committee of this platform decided. A recognition is approved by a title
 * office, not reviewed by a committee, so the field says so instead of naming the office (which
 * is printed, with its seal, as 发证单位). A reconfirmation (and a reissue of a paper
 * certificate) was conferred elsewhere: the field names the procedure and the original
 * certificate's issuing authority as the applicant declared it, since the committee behind that
 * title is not known to the platform. Short enough to fit the value cell at the smallest size.
 */
export const NO_COMMITTEE_RECOGNITION = '无（职称认定，不经评委会评审）';
export function originalAuthority(kind: 'reconfirmation' | 'reissue', authority?: string): string {
	const procedure = kind === 'reconfirmation' ? '重新确认' : '补办';
	return `${procedure}（原发证机关：${authority?.trim().slice(0, 36) || '未填写'}）`;
}

export const OBTAINED_BY: Record<ProcedureKind, string> = {
	evaluation: '评审',
	recognition: '认定',
	reconfirmation: '重新确认',
	reissue: '补办'
};

/** Default 资格名称 when an application names none. */
const DEFAULT_QUALIFICATION: Record<string, Record<'junior' | 'intermediate', string>> = {
	engineering: { junior: '助理工程师', intermediate: '工程师' },
	health: { junior: '医师', intermediate: '主治医师' },
	teacher: { junior: '二级教师', intermediate: '一级教师' },
	economics: { junior: '助理经济师', intermediate: '经济师' },
	accounting: { junior: '助理会计师', intermediate: '会计师' },
	agriculture: { junior: '助理农艺师', intermediate: '农艺师' }
};

interface Content {
	personal?: { idNumber?: string; sex?: string };
	title?: { qualification?: string; specialty?: string };
	titlesHeld?: {
		certificateNo?: string;
		qualification?: string;
		issuingAuthority?: string;
		issuedOn?: string;
	}[];
	photo?: { id?: string } | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The certificate part of a transition's effects, run in the transition's transaction by
 * transitionApplication. The issuing organisation is the office that gave the final approval
 * (for evaluations the city office, which confers).
 */
/** Whether a transition's effects include issuing, voiding or archiving. */
export function certificateEffectsWanted(effects: readonly Effect[]): boolean {
	return effects.some(
		(e) =>
			e.type === 'issueCertificate' ||
			e.type === 'voidOldCertificate' ||
			e.type === 'archiveFormReady'
	);
}

export async function applyCertificateEffects(
	tx: Tx,
	actor: Actor | 'system',
	app: Application,
	effects: readonly Effect[]
): Promise<void> {
	if (!certificateEffectsWanted(effects)) return;
	if (actor === 'system' || actor.kind !== 'staff') {
		throw new Error('certificates are issued only by an office');
	}
	if (effects.some((e) => e.type === 'issueCertificate')) {
		await issueCertificate(tx, app, {
			issuerOrgId: actor.orgId,
			actorUserId: actor.userId,
			voidOld: effects.some((e) => e.type === 'voidOldCertificate')
		});
	}
	const form = effects.find((e) => e.type === 'archiveFormReady');
	if (form?.type === 'archiveFormReady') {
		await createArchiveForm(tx, app, form.form, actor.orgId);
	}
}

/**
 * Issues the application's certificate; returns the existing one when it was issued before.
 * `voidOld` (reissue): the holder's lost certificate becomes void and points to the new one.
 */
export async function issueCertificate(
	tx: Tx,
	app: Application,
	o: { issuerOrgId: string; actorUserId: string | null; voidOld?: boolean }
): Promise<Certificate> {
	const [existing] = await tx
		.select()
		.from(certificates)
		.where(eq(certificates.applicationId, app.id));
	if (existing) return existing;
	if (app.level === 'senior') throw new Error('senior titles get no electronic certificate');
	const level = app.level;
	const content = (app.content ?? {}) as Content;

	const [issuer] = await tx.select().from(organisations).where(eq(organisations.id, o.issuerOrgId));
	const [holder] = await tx.select().from(users).where(eq(users.id, app.applicantId));
	if (!issuer || !holder) throw new AppError('NOT_FOUND');
	const idNumber = holder.idNumberEnc
		? decrypt(holder.idNumberEnc)
		: String(content.personal?.idNumber ?? '');
	const parsed = parseIdNumber(idNumber);
	if (!parsed.ok) throw new AppError('VALIDATION', {}, '持证人身份证号无效，无法发证。');

	const old = o.voidOld ? await lostCertificate(tx, app, content) : undefined;
	const held = content.titlesHeld?.[0];
	const issuedOn = chinaToday();
	const issuerCode = issuerCodeOf(issuer);
	const approval = `审批号 ${app.number ?? app.id.slice(0, 8)}`;

	let conferredOn = issuedOn;
	let committeeName = NO_COMMITTEE_RECOGNITION;
	let documentNumber = approval;
	let obtainedBy = OBTAINED_BY[app.kind];
	if (app.kind === 'evaluation') {
		const conferral = app.conferralId
			? (await tx.select().from(conferrals).where(eq(conferrals.id, app.conferralId)))[0]
			: undefined;
		conferredOn = conferral?.conferredOn ?? issuedOn;
		documentNumber = conferral?.documentNumber ?? approval;
		committeeName = (await committeeOf(tx, app)) ?? '—';
	} else if (app.kind === 'reconfirmation') {
		if (held?.issuedOn && ISO_DATE.test(held.issuedOn)) conferredOn = held.issuedOn;
		committeeName = originalAuthority('reconfirmation', held?.issuingAuthority);
	} else if (app.kind === 'reissue') {
		if (old) {
			conferredOn = old.conferredOn;
			committeeName = old.committeeName;
			documentNumber = old.documentNumber;
			obtainedBy = old.obtainedBy;
		} else {
			if (held?.issuedOn && ISO_DATE.test(held.issuedOn)) conferredOn = held.issuedOn;
			committeeName = originalAuthority('reissue', held?.issuingAuthority);
		}
	}
	const qualification =
		app.qualification ||
		content.title?.qualification ||
		(old?.qualification ?? DEFAULT_QUALIFICATION[app.series]?.[level] ?? '—');
	const specialty = (content.title?.specialty || old?.specialty || '—').slice(0, 60);

	const numbers = await nextNumbers(tx, { issuedOn, level, series: app.series, issuerCode });
	const key = await tokenKeyFor(tx, issuer.id);
	const token = await encodeAndSign(
		{
			certificateNo: numbers.certificateNo,
			managementNo: numbers.managementNo,
			name: app.applicantName,
			idNumberMasked: publicMask(parsed.value),
			series: PRINTED_SERIES[app.series] ?? app.series,
			qualification,
			level,
			issueDate: issuedOn,
			issuerCode
		},
		key
	);
	const [cert] = await tx
		.insert(certificates)
		.values({
			...numbers,
			applicationId: app.id,
			holderUserId: holder.id,
			holderName: app.applicantName,
			idNumberEnc: holder.idNumberEnc ?? '',
			idNumberHmac: blindIndex('id', parsed.value),
			idNumberMasked: maskIdNumber(parsed.value, 'staff'),
			sex: parsed.sex === 'male' ? '男' : '女',
			obtainedBy,
			series: app.series,
			qualification,
			level,
			specialty,
			conferredOn,
			committeeName,
			documentNumber,
			conferralId: app.conferralId,
			issuerOrgId: issuer.id,
			issuerName: issuer.name,
			issuerCode,
			issuedOn,
			style: level,
			tokenKid: key.kid,
			token,
			replaces: old?.id ?? null,
			photoAttachmentId: await photoOf(tx, app, content)
		})
		.returning();
	if (old) {
		await tx
			.update(certificates)
			.set({ status: 'void', voidReason: '遗失补办', voidedAt: now(), replacedBy: cert.id })
			.where(eq(certificates.id, old.id));
		await recordAudit(tx, {
			actorUserId: o.actorUserId,
			actorOrgId: issuer.id,
			action: 'certificate.void',
			objectType: 'certificate',
			objectId: old.id,
			result: 'ok',
			detail: { certificateNo: old.certificateNo, replacedBy: cert.certificateNo }
		});
	}
	await recordAudit(tx, {
		actorUserId: o.actorUserId,
		actorOrgId: issuer.id,
		action: 'certificate.issue',
		objectType: 'certificate',
		objectId: cert.id,
		result: 'ok',
		detail: {
			certificateNo: cert.certificateNo,
			managementNo: cert.managementNo,
			applicationId: app.id
		}
	});
	return cert;
}

/** The committee that decided an evaluation (its committeeDecide step). */
async function committeeOf(tx: Tx, app: Application): Promise<string | undefined> {
	const [row] = await tx
		.select({ name: organisations.name })
		.from(applicationSteps)
		.innerJoin(organisations, eq(organisations.id, applicationSteps.actorOrgId))
		.where(
			and(eq(applicationSteps.applicationId, app.id), eq(applicationSteps.event, 'committeeDecide'))
		)
		.limit(1);
	return row?.name;
}

/** The photo attachment named by the form, if it was really uploaded for this applicant. */
async function photoOf(tx: Tx, app: Application, content: Content): Promise<string | null> {
	const id = content.photo?.id;
	if (!id || !isUuid(id)) return null;
	const [row] = await tx
		.select({ id: attachments.id })
		.from(attachments)
		.where(
			and(
				eq(attachments.id, id),
				eq(attachments.ownerUserId, app.applicantId),
				eq(attachments.complete, true)
			)
		);
	return row?.id ?? null;
}

/**
 * The certificate a reissue replaces: the holder's valid certificate whose number the form
 * names, else the holder's only valid certificate of the same series and level. A lost paper
 * certificate has no row: then nothing is voided here (its invalidation notice did that).
 */
async function lostCertificate(
	tx: Tx,
	app: Application,
	content: Content
): Promise<Certificate | undefined> {
	const mine = await tx
		.select()
		.from(certificates)
		.where(and(eq(certificates.holderUserId, app.applicantId), eq(certificates.status, 'valid')))
		.for('update');
	// The certificate its invalidation notice (声明作废) declared void comes first.
	const declared = await tx
		.select({ id: notices.certificateId })
		.from(notices)
		.where(and(eq(notices.applicationId, app.id), ne(notices.status, 'withdrawn')));
	const byNotice = mine.find((c) => declared.some((d) => d.id === c.id));
	if (byNotice) return byNotice;
	const named = new Set(
		(content.titlesHeld ?? []).map((t) => (t.certificateNo ?? '').trim()).filter(Boolean)
	);
	const byNumber = mine.find((c) => named.has(c.certificateNo));
	if (byNumber) return byNumber;
	const same = mine.filter((c) => c.series === app.series && c.level === app.level);
	return same.length === 1 ? same[0] : undefined;
}

const REASON_MIN = 2;
const REASON_MAX = 500;

/** The city office withdraws a certificate, with a reason; audited in the same transaction. */
export async function revokeCertificate(
	actor: Actor,
	certificateId: string,
	reasonInput: string
): Promise<Certificate> {
	if (!isUuid(certificateId)) throw new AppError('NOT_FOUND');
	const reason = reasonInput.trim();
	if (reason.length < REASON_MIN) throw new AppError('VALIDATION', { reason: '请写明撤销原因' });
	if (reason.length > REASON_MAX)
		throw new AppError('VALIDATION', { reason: `撤销原因不能超过 ${REASON_MAX} 字` });
	const [cert] = await db().select().from(certificates).where(eq(certificates.id, certificateId));
	if (!cert) throw new AppError('NOT_FOUND');
	await authorize(actor, 'certificate.revoke', {
		type: 'certificate',
		holderUserId: cert.holderUserId,
		issuerOrgId: cert.issuerOrgId
	});
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	return db().transaction(async (tx) => {
		const [updated] = await tx
			.update(certificates)
			.set({ status: 'revoked', revokedAt: now(), revokedBy: actor.userId, revokeReason: reason })
			.where(and(eq(certificates.id, cert.id), eq(certificates.status, 'valid')))
			.returning();
		if (!updated) throw new AppError('INVALID_STATE', {}, '该证书已作废或已撤销，无需再次撤销。');
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.orgId,
			action: 'certificate.revoke',
			objectType: 'certificate',
			objectId: cert.id,
			result: 'ok',
			detail: { certificateNo: cert.certificateNo, reason }
		});
		return updated;
	});
}

/** Certificates held by one person, newest first (for "my certificates"). */
export async function certificatesOfHolder(userId: string) {
	return db()
		.select({
			id: certificates.id,
			certificateNo: certificates.certificateNo,
			qualification: certificates.qualification,
			series: certificates.series,
			level: certificates.level,
			issuedOn: certificates.issuedOn,
			issuerName: certificates.issuerName,
			status: certificates.status,
			replacedBy: certificates.replacedBy
		})
		.from(certificates)
		.where(eq(certificates.holderUserId, userId))
		.orderBy(certificates.issuedOn);
}

export async function certificatesByIds(ids: string[]) {
	if (ids.length === 0) return [];
	return db().select().from(certificates).where(inArray(certificates.id, ids));
}

/**
 * A running invalidation notice (声明作废), so the public board, 我的声明作废 and verification show
 * one at once: 莫喆 (13807720003) lost the paper 助理工程师 certificate he got in 2012, which the
 * city office registered from its paper records. He saved a complete reissue draft and published
 * the notice today. Made by the services the app itself uses — registerPaperCertificate,
 * saveDraft and publishNotice, each writing its state change and audit entry in a savepoint of
 * seedDemo's transaction (passed as `tx`; nothing here may call db()). The day of publication does
 * not count, so the notice runs for the 5 working days after the day the demo database is created.
 * No key, PDF or image is generated: the photo is the demo one the applications already use.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { emptyDraft, type ApplicationDraft } from '#lib/domain/application-form.js';
import { actorOf } from '../auth/actor.js';
import { now } from '../clock.js';
import { blindIndex, decrypt } from '../crypto/pii.js';
import type { Tx } from '../db/index.js';
import { attachments, users, type Notice } from '../db/schema/index.js';
import { saveDraft } from '../drafts/save-draft.js';
import { registerPaperCertificate } from '../legacy/import-paper-certificates.js';
import { publishNotice } from '../notices/publish-notice.js';
import { demoPhoto } from './demo-files.js';

/** The lost certificate, as printed (and registered by the city office). */
export const DEMO_NOTICE = {
	holderMobile: '13807720003',
	holderName: '莫喆',
	series: 'engineering',
	qualification: '助理工程师',
	level: 'junior',
	certificateNo: 'LZZC 2012 0318',
	issuedOn: '2012-12-28',
	issuingOffice: '柳州市职称改革工作领导小组办公室'
} as const;

async function userBy(tx: Tx, where: ReturnType<typeof eq>) {
	const [u] = await tx.select().from(users).where(where);
	return u;
}

export async function seedDemoNotice(tx: Tx): Promise<Notice> {
	const d = DEMO_NOTICE;
	const holder = await userBy(tx, eq(users.mobileHmac, blindIndex('mobile', d.holderMobile)));
	const idNumber = decrypt(holder.idNumberEnc!);

	// 1. The city office's register of paper certificates issued before the platform.
	const city = await actorOf(await userBy(tx, eq(users.username, 'city')), tx);
	const paper = await registerPaperCertificate(
		city,
		{
			holderName: holder.name,
			idNumber,
			series: d.series,
			qualification: d.qualification,
			level: d.level,
			certificateNo: d.certificateNo,
			issuedOn: d.issuedOn,
			issuingOffice: d.issuingOffice
		},
		tx
	);

	// 2. His reissue draft, complete so that he can submit it once the notice has run: uploaded
	// photo, then the draft as the phone's sync would push it (which links the photo).
	const applicant = { kind: 'applicant' as const, userId: holder.id };
	const photo = demoPhoto();
	const photoId = randomUUID();
	const sha256 = createHash('sha256').update(photo).digest('hex');
	await tx.insert(attachments).values({
		id: photoId,
		ownerUserId: holder.id,
		purpose: 'photo',
		name: '证件照.png',
		mime: 'image/png',
		size: photo.byteLength,
		sha256,
		received: photo.byteLength,
		complete: true,
		data: photo
	});
	const [employer] = await tx
		.select({ orgId: users.organisationId })
		.from(users)
		.where(eq(users.username, 'emp.liugang'));
	const base = emptyDraft('reissue', { name: holder.name, idNumber, mobile: d.holderMobile });
	const content: ApplicationDraft = {
		...base,
		personal: { ...base.personal, education: 'bachelor' },
		employment: { employerId: employer.orgId!, post: '设备管理员', yearsInProfession: 13 },
		title: {
			series: d.series,
			level: d.level,
			qualification: d.qualification,
			specialty: '机械设计'
		},
		educationHistory: [
			{
				school: '广西工学院',
				major: '机械设计制造及其自动化',
				degree: 'bachelor',
				from: '2004-09',
				to: '2008-07'
			}
		],
		workHistory: [
			{ employer: '柳州钢铁集团有限公司', post: '设备管理员', from: '2008-08', to: '' }
		],
		titlesHeld: [
			{
				series: d.series,
				qualification: d.qualification,
				certificateNo: d.certificateNo,
				issuingAuthority: d.issuingOffice,
				issuedOn: d.issuedOn
			}
		],
		photo: {
			id: photoId,
			mime: 'image/png',
			size: photo.byteLength,
			sha256,
			width: 413,
			height: 579
		}
	};
	const draftId = randomUUID();
	const saved = await saveDraft(
		applicant,
		draftId,
		{ baseVersion: 0, updatedAt: now().toISOString(), clientId: 'demo-seed', content },
		tx
	);
	if (saved.status === 'conflict') throw new Error('demo reissue draft not saved');

	// 3. The notice itself: the draft's publishNotice transition and the notice row.
	const { notice } = await publishNotice(
		applicant,
		{
			applicationId: draftId,
			expectedVersion: saved.record.version,
			subject: { type: 'registeredPaper', paperCertificateId: paper.id }
		},
		tx
	);
	return notice;
}

/**
 * The signed PDF of an issued certificate, rendered on demand from its row: the stored QR token
 * (so no old private key is ever needed), the holder's photo from the application's attachment,
 * the issuing office's seal and its PDF signature. Nothing is stored: the same row always
 * yields the same page; only the signature's signing time differs between downloads.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { qrVerifyUrl } from '../../domain/certificate-token.js';
import { AppError } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import type { Actor } from '../../domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { decrypt } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import { attachments, certificates, type Certificate } from '../db/schema/index.js';
import { NO_COMMITTEE_RECOGNITION, PRINTED_SERIES } from './issue-certificate.js';
import { signingIdentityFor } from './token-keys.js';
import { buildCertificateDocument } from './render-pdf.js';
import { signDocument } from './sign-pdf.js';
import type { CertificateData } from './types.js';

/** The seal code printed along the seal's lower arc: office code + 7 digits fixed per office. */
export function sealCodeOf(cert: Pick<Certificate, 'issuerOrgId' | 'issuerCode'>): string {
	const h = createHash('sha256').update(cert.issuerOrgId).digest();
	return `${cert.issuerCode}${String(h.readUInt32BE(0) % 10_000_000).padStart(7, '0')}`;
}

/** The QR's URL: upper case, the token in digits (see qrVerifyUrl); the row keeps base64url. */
export function verifyUrlOf(origin: string, cert: Pick<Certificate, 'token'>): string {
	return qrVerifyUrl(origin, cert.token);
}

export function certificateDataOf(cert: Certificate): CertificateData {
	return {
		name: cert.holderName,
		sex: cert.sex,
		idNumber: decrypt(cert.idNumberEnc),
		obtainedBy: cert.obtainedBy,
		series: PRINTED_SERIES[cert.series] ?? cert.series,
		qualification: cert.qualification,
		specialty: cert.specialty,
		conferredOn: cert.conferredOn,
		// rows issued before the decision on 评委会名称 name the approving office there
		committee:
			cert.obtainedBy === '认定' && cert.committeeName === cert.issuerName
				? NO_COMMITTEE_RECOGNITION
				: cert.committeeName,
		documentNumber: cert.documentNumber,
		certificateNo: cert.certificateNo,
		managementNo: cert.managementNo,
		issuedOn: cert.issuedOn
	};
}

async function photoBytes(tx: Tx, cert: Certificate): Promise<Uint8Array | undefined> {
	if (!cert.photoAttachmentId) return undefined;
	const [row] = await tx
		.select({ data: attachments.data, mime: attachments.mime, complete: attachments.complete })
		.from(attachments)
		.where(eq(attachments.id, cert.photoAttachmentId));
	if (!row?.complete || !['image/jpeg', 'image/png'].includes(row.mime)) return undefined;
	// a copy: postgres.js hands out views into a pooled buffer, which pdf-lib's JPEG reader
	// would read from offset 0
	return new Uint8Array(row.data);
}

/** Renders and signs one certificate (no permission check: callers check). */
export async function renderIssuedCertificate(
	tx: Tx,
	cert: Certificate,
	origin: string
): Promise<Uint8Array> {
	const doc = await buildCertificateDocument(certificateDataOf(cert), {
		style: cert.style,
		verifyUrl: verifyUrlOf(origin, cert),
		photo: await photoBytes(tx, cert),
		issuer: { name: cert.issuerName, sealCode: sealCodeOf(cert) }
	});
	const signer = await signingIdentityFor(tx, cert.issuerOrgId);
	return signDocument(doc, signer);
}

/** A certificate the actor may see (holder, issuing office, city office). */
export async function certificateFor(actor: Actor, id: string): Promise<Certificate> {
	if (!isUuid(id)) throw new AppError('NOT_FOUND');
	const [cert] = await db().select().from(certificates).where(eq(certificates.id, id));
	if (!cert) throw new AppError('NOT_FOUND');
	await authorize(actor, 'certificate.download', {
		type: 'certificate',
		holderUserId: cert.holderUserId,
		issuerOrgId: cert.issuerOrgId
	});
	return cert;
}

/** The holder's free download (any number of times); void and revoked ones are refused. */
export async function downloadCertificate(
	actor: Actor,
	id: string,
	origin: string
): Promise<{ pdf: Uint8Array; filename: string }> {
	const cert = await certificateFor(actor, id);
	if (cert.status !== 'valid') throw new AppError('CERTIFICATE_NOT_AVAILABLE');
	const pdf = await db().transaction(async (tx) => {
		const bytes = await renderIssuedCertificate(tx, cert, origin);
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: 'certificate.download',
			objectType: 'certificate',
			objectId: cert.id,
			result: 'ok',
			detail: { certificateNo: cert.certificateNo }
		});
		return bytes;
	});
	return { pdf, filename: `certificate-${cert.certificateNo}.pdf` };
}

/**
 * What a notice declares void: one of the applicant's electronic certificates, a registered paper
 * certificate of theirs, or a paper certificate they describe. Checked against the database as the
 * applicant may see it; a described one must be complete and plausible.
 */
import { and, eq } from 'drizzle-orm';
import { isSeries, seriesName } from '#lib/domain/catalogue.js';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import { dayNumber } from '#lib/domain/working-days.js';
import type { Tx } from '../db/index.js';
import { certificates, paperCertificates, users } from '../db/schema/index.js';

export type SubjectInput =
	| { type: 'electronic'; certificateId: string }
	| { type: 'registeredPaper'; paperCertificateId: string }
	| {
			type: 'paper';
			series: string;
			qualification: string;
			number: string;
			issuedOn: string;
			issuingOffice: string;
	  };

/** The notice columns describing the subject. */
export interface SubjectColumns {
	certificateId: string | null;
	paperCertificateId: string | null;
	paperSeries: string | null;
	paperQualification: string | null;
	paperNumber: string | null;
	paperIssuedOn: string | null;
	paperIssuingOffice: string | null;
}

const NONE: SubjectColumns = {
	certificateId: null,
	paperCertificateId: null,
	paperSeries: null,
	paperQualification: null,
	paperNumber: null,
	paperIssuedOn: null,
	paperIssuingOffice: null
};

function text(value: string, field: string, label: string, min: number, max: number): string {
	const v = (value ?? '').trim().replace(/\s+/g, ' ');
	if (v.length < min) throw new AppError('VALIDATION', { [field]: `请填写${label}` });
	if (v.length > max) throw new AppError('VALIDATION', { [field]: `${label}不能超过 ${max} 个字` });
	return v;
}

/** A described paper certificate: every field present, a real past date, a known series. */
export function describedPaper(
	input: Extract<SubjectInput, { type: 'paper' }>,
	today: string
): SubjectColumns {
	if (!isSeries(input.series)) throw new AppError('VALIDATION', { series: '请选择证书的职称系列' });
	const qualification = text(input.qualification, 'qualification', '资格名称', 2, 40);
	const number = text(input.number, 'number', '证书编号', 3, 60);
	if (!/^[0-9A-Za-z\-_/()（）〔〕[\]\u4e00-\u9fa5 ]+$/.test(number))
		throw new AppError('VALIDATION', { number: '证书编号只能包含汉字、字母、数字和连字符' });
	const issuingOffice = text(input.issuingOffice, 'issuingOffice', '发证单位', 2, 60);
	let valid = true;
	try {
		dayNumber(input.issuedOn);
	} catch {
		valid = false;
	}
	if (!valid) throw new AppError('VALIDATION', { issuedOn: '请按 年-月-日 填写发证日期' });
	if (input.issuedOn > today || input.issuedOn < '1978-01-01')
		throw new AppError('VALIDATION', { issuedOn: '发证日期不在合理范围内，请核对证书' });
	return {
		...NONE,
		paperSeries: input.series,
		paperQualification: qualification,
		paperNumber: number,
		paperIssuedOn: input.issuedOn,
		paperIssuingOffice: issuingOffice
	};
}

/** Resolves the subject for `applicantId`; someone else's certificate is simply "not found". */
export async function resolveSubject(
	tx: Tx,
	applicantId: string,
	input: SubjectInput,
	today: string
): Promise<SubjectColumns & { label: string }> {
	if (input.type === 'paper') {
		const cols = describedPaper(input, today);
		return { ...cols, label: `${seriesName(cols.paperSeries)} ${cols.paperQualification}` };
	}
	if (input.type === 'electronic') {
		const [cert] = isUuid(input.certificateId)
			? await tx
					.select()
					.from(certificates)
					.where(
						and(
							eq(certificates.id, input.certificateId),
							eq(certificates.holderUserId, applicantId)
						)
					)
			: [];
		if (!cert) throw new AppError('VALIDATION', { certificateId: '请选择您本人的电子证书' });
		if (cert.status !== 'valid')
			throw new AppError('VALIDATION', {
				certificateId: '该证书已作废或已撤销，不需要再声明作废'
			});
		return { ...NONE, certificateId: cert.id, label: cert.qualification };
	}
	const [me] = await tx
		.select({ hmac: users.idNumberHmac })
		.from(users)
		.where(eq(users.id, applicantId));
	const [paper] =
		isUuid(input.paperCertificateId) && me?.hmac
			? await tx
					.select()
					.from(paperCertificates)
					.where(
						and(
							eq(paperCertificates.id, input.paperCertificateId),
							eq(paperCertificates.idNumberHmac, me.hmac)
						)
					)
			: [];
	if (!paper)
		throw new AppError('VALIDATION', { paperCertificateId: '请选择登记在您名下的纸质证书' });
	return {
		...NONE,
		paperCertificateId: paper.id,
		paperSeries: paper.series,
		paperQualification: paper.qualification,
		paperNumber: paper.certificateNo,
		paperIssuedOn: paper.issuedOn,
		paperIssuingOffice: paper.issuingOffice,
		label: paper.qualification
	};
}

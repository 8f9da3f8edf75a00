import { maskIdNumber, type CertificateTokenPayload } from '../../domain/certificate-token.js';
import type { CertificateData, CertificateStyle } from './types.js';

/** What the QR token carries for a certificate: the verifier's fields, ID number masked. */
export function toTokenPayload(
	data: CertificateData,
	level: CertificateStyle,
	issuerCode: string
): CertificateTokenPayload {
	return {
		certificateNo: data.certificateNo,
		managementNo: data.managementNo,
		name: data.name,
		idNumberMasked: maskIdNumber(data.idNumber),
		series: data.series,
		qualification: data.qualification,
		level,
		issueDate: data.issuedOn,
		issuerCode
	};
}

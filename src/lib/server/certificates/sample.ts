/**
 * Demo certificates for designers and checks: one junior and one intermediate certificate,
 * rendered, QR-signed and PDF-signed with freshly generated demo keys (demo CA included).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeAndSign, qrVerifyUrl } from '../../domain/certificate-token.js';
import { generateDemoCa, generateTokenKey, issueOrgCertificate } from './keys.js';
import { renderCertificatePdf } from './render-pdf.js';
import { signPdf } from './sign-pdf.js';
import { toTokenPayload } from './token-payload.js';
import type { CertificateData, CertificateStyle } from './types.js';

export const SAMPLE_ISSUER = {
	name: '柳州市职称改革工作领导小组办公室',
	sealCode: '4502000065610',
	/** 柳州市's administrative division code, as the token's issuer code. */
	code: '450200'
};
export const SAMPLE_ORIGIN = 'https://zc.rsj.liuzhou.gov.cn';

export function sampleCertificateData(style: CertificateStyle): CertificateData {
	const junior = style === 'junior';
	return {
		name: junior ? '韦喆䶮' : '覃堃琰',
		sex: junior ? '女' : '男',
		idNumber: junior ? '450203199503120027' : '45020219880706231X',
		obtainedBy: junior ? '认定' : '评审',
		series: '工程技术',
		qualification: junior ? '助理工程师' : '工程师',
		specialty: junior ? '建筑工程施工' : '机械设计制造及其自动化',
		conferredOn: junior ? '2024-11-28' : '2024-12-16',
		committee: junior ? '无（职称认定，不经评委会评审）' : '柳州市工程技术人才中级职称评审委员会',
		documentNumber: junior ? '柳职改办〔2024〕41号' : '柳职改办〔2024〕35号',
		certificateNo: junior ? '4502202412000211' : '4502202412000358',
		managementNo: junior ? 'LZZC2024-0211' : 'LZZC2024-0358',
		issuedOn: '2024-12-20'
	};
}

/** A 413×579 px (2-inch at 300 dpi) JPEG placeholder portrait: blue backdrop, grey silhouette. */
export async function samplePhoto(): Promise<Uint8Array> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="413" height="579">
		<defs><linearGradient id="b" x1="0" y1="0" x2="0" y2="1">
			<stop offset="0" stop-color="#3f86d6"/><stop offset="1" stop-color="#2f6fbf"/></linearGradient></defs>
		<rect width="413" height="579" fill="url(#b)"/>
		<ellipse cx="206" cy="230" rx="92" ry="118" fill="#d9d4cf"/>
		<path d="M20 579 C30 430 110 380 206 380 C302 380 383 430 393 579 Z" fill="#3a3f4b"/>
	</svg>`;
	return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer());
}

export async function renderSampleCertificates(dir: string) {
	await mkdir(dir, { recursive: true });
	const ca = await generateDemoCa();
	const signer = await issueOrgCertificate(ca, SAMPLE_ISSUER.name);
	const tokenKey = await generateTokenKey();
	const photo = await samplePhoto();
	const files: Record<CertificateStyle, string> = { junior: '', intermediate: '' };
	for (const style of ['junior', 'intermediate'] as const) {
		const data = sampleCertificateData(style);
		const token = await encodeAndSign(toTokenPayload(data, style, SAMPLE_ISSUER.code), tokenKey);
		const pdf = await renderCertificatePdf(data, {
			style,
			verifyUrl: qrVerifyUrl(SAMPLE_ORIGIN, token),
			photo,
			issuer: SAMPLE_ISSUER
		});
		files[style] = join(dir, `certificate-${style}.pdf`);
		await writeFile(files[style], await signPdf(pdf, signer));
	}
	return { files, tokenKey: { kid: tokenKey.kid, publicKey: tokenKey.publicKey }, ca, signer };
}

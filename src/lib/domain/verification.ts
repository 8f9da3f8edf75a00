/**
 * Verifying a certificate's QR code: the verdicts, the status model and the rules shared by the
 * server (`/v/<token>`, `/api/v1/verify/<token>`) and the browser's offline check (`/scan`).
 *
 * A verdict combines two questions: is the token genuine (Ed25519 signature by a published key
 * that had not been retired when the certificate was issued), and what is the certificate's
 * status in the register. Only a genuine token ever shows fields; a forged or unknown one shows
 * nothing it claims.
 */
import { levelLabels } from './routing.js';
import type { CertificateTokenPayload, TitleLevel, VerifyFailure } from './certificate-token.js';
import { formatDate, formatDateTime } from './date-format.js';

export const verdicts = ['valid', 'void', 'revoked', 'notice', 'invalid'] as const;
export type Verdict = (typeof verdicts)[number];

export const verdictLabels: Record<Verdict, string> = {
	valid: '有效',
	void: '已作废',
	revoked: '已撤销',
	notice: '声明作废公示中',
	invalid: '无法验证'
};

/** What the verdict means for the person holding the phone, in one sentence. */
export const verdictExplanations: Record<Verdict, string> = {
	valid: '该证书由发证单位签发，签名核验通过，当前状态有效。',
	void: '该证书已作废（已补办新证书，或持证人已声明作废且公示期满），不再具有效力。',
	revoked: '该证书已被发证机关撤销，不再具有效力。',
	notice: '持证人已就该证书发布声明作废公示，公示期间请勿以该证书作为有效凭证。',
	invalid: '无法确认该证书的真实性。'
};

/** Status of a certificate in the register; the 2-bit code is its value in the status list. */
export const certificateStatuses = ['valid', 'notice', 'void', 'revoked'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];
export const STATUS_CODE: Record<CertificateStatus, number> = {
	valid: 0,
	notice: 1,
	void: 2,
	revoked: 3
};

export function statusOfCode(code: number): CertificateStatus {
	return certificateStatuses[code & 3];
}

/** Why a token is 无法验证. */
export type InvalidReason =
	| VerifyFailure
	/** Signed by a key after it was retired or expired. */
	| 'key-retired'
	/** Genuine signature, but the register has no such certificate (online check only). */
	| 'not-registered'
	/** Not a QR code of this platform at all. */
	| 'not-ours';

export const invalidReasonText: Record<InvalidReason, string> = {
	malformed: '二维码内容不完整或格式不正确。',
	'unsupported-version': '二维码版本不受支持。',
	'unknown-algorithm': '二维码使用了不受支持的签名算法。',
	'unknown-key': '签名密钥不属于任何发证单位。',
	'bad-signature': '签名核验未通过：二维码内容可能被篡改或伪造。',
	'key-retired': '签名密钥在该证书的签发日期已停用。',
	'not-registered': '证书登记簿中没有该证书。',
	'not-ours': '这不是职称电子证书或存档材料的二维码。'
};

/**
 * Index of a certificate in the status list: the serial of its number (`4502 YYYY L S serial`,
 * README "Certificate numbers"), unique because it comes from one never-reset sequence.
 * Undefined for numbers outside that scheme (they are listed by number instead).
 */
export function statusIndexOf(certificateNo: string): number | undefined {
	const m = /^4502\d{4}[12]\d(\d{6,8})$/.exec(certificateNo);
	if (!m) return undefined;
	const index = Number(m[1]);
	return index < MAX_STATUS_ENTRIES ? index : undefined;
}

/** 2^24 certificates: a 4 MiB bitstring at most, a hard cap for decoders. */
export const MAX_STATUS_ENTRIES = 1 << 24;

/** Validity of a published key, in JWK terms (seconds since the epoch). */
export interface KeyValidity {
	nbf?: number;
	exp?: number;
	retired?: number;
}

/** The China calendar day (UTC+8, no daylight saving) of an instant, `YYYY-MM-DD`. */
export function chinaDay(at: Date): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A retired or expired key signs nothing new: a token dated after the day it ended is not
 * genuine. (Earlier tokens stay valid: that is what rotation promises.)
 */
export function keyCoversIssueDate(key: KeyValidity, issueDate: string): boolean {
	const ends = [key.retired, key.exp].filter((s): s is number => typeof s === 'number');
	return ends.every((s) => issueDate <= chinaDay(new Date(s * 1000)));
}

/** `2026年11月25日 19:53:10` in China time, whatever the device's time zone. */
export function formatChinaTime(at: Date | string): string {
	return formatDateTime(at, { seconds: true });
}

/** `2026年3月12日` */
export function formatChinaDate(isoDate: string): string {
	return formatDate(isoDate);
}

export type ScannedCode =
	{ kind: 'certificate'; token: string } | { kind: 'form'; token: string } | { kind: 'other' };

const TOKEN_CHARS = /^[A-Za-z0-9_-]{16,1024}$/;
const FORM_TOKEN = /^F1\.[A-Za-z0-9._-]{20,400}$/;

/**
 * What a scanned QR code holds: a certificate (`…/v/<token>` or a bare token) or an archive form
 * (`…/v/f/<token>`). The origin is not trusted or needed: the signature decides, and the
 * scanner never opens a scanned URL.
 */
export function parseScanned(text: string): ScannedCode {
	const s = text.trim();
	if (/^https?:\/\//i.test(s)) {
		let path: string;
		try {
			path = new URL(s).pathname;
		} catch {
			return { kind: 'other' };
		}
		// `/V/…`: the QR's upper-case URL (qrVerifyUrl)
		const form = /^\/v\/f\/([^/]+)\/?$/i.exec(path);
		if (form && FORM_TOKEN.test(decodeURIComponent(form[1])))
			return { kind: 'form', token: decodeURIComponent(form[1]) };
		const cert = /^\/v\/([^/]+)\/?$/i.exec(path);
		if (cert && TOKEN_CHARS.test(cert[1])) return { kind: 'certificate', token: cert[1] };
		return { kind: 'other' };
	}
	if (FORM_TOKEN.test(s)) return { kind: 'form', token: s };
	if (TOKEN_CHARS.test(s)) return { kind: 'certificate', token: s };
	return { kind: 'other' };
}

/** The certificate as a verifier may see it: the token's fields, ID number already 1+1 masked. */
export interface PublicCertificate {
	certificateNo: string;
	managementNo: string;
	name: string;
	idNumberMasked: string;
	series: string;
	qualification: string;
	level: TitleLevel;
	levelLabel: string;
	issueDate: string;
	issuer: { code: string; name: string | null };
}

export function publicCertificateOf(
	p: CertificateTokenPayload,
	issuerName: string | null
): PublicCertificate {
	return {
		certificateNo: p.certificateNo,
		managementNo: p.managementNo,
		name: p.name,
		idNumberMasked: p.idNumberMasked,
		series: p.series,
		qualification: p.qualification,
		level: p.level,
		levelLabel: levelLabels[p.level] ?? p.level,
		issueDate: p.issueDate,
		issuer: { code: p.issuerCode, name: issuerName }
	};
}

/** One answer to "is this certificate genuine and in force?", online or offline. */
export interface VerificationResult {
	verdict: Verdict;
	label: string;
	reason: InvalidReason | null;
	/** Only for genuine tokens. */
	certificate: PublicCertificate | null;
	/** Day the certificate became void / was revoked, when known. */
	statusSince: string | null;
	/** Last day of a running invalidation notice. */
	statusUntil: string | null;
	/** ISO instant of this check. */
	checkedAt: string;
	/** `online`: against the register now; `offline`: cached keys and status list. */
	mode: 'online' | 'offline';
	/** Offline: the instant the cached status list was issued. */
	statusAsOf: string | null;
	/**
	 * A paper certificate issued before the platform, found by number + name in the offices'
	 * register (no signature to check; no ID number or management number shown).
	 */
	paper?: true;
}

export function verdictResult(
	verdict: Verdict,
	rest: Partial<Omit<VerificationResult, 'verdict' | 'label'>> & { checkedAt: string }
): VerificationResult {
	return {
		verdict,
		label: verdictLabels[verdict],
		reason: rest.reason ?? null,
		certificate: verdict === 'invalid' ? null : (rest.certificate ?? null),
		statusSince: rest.statusSince ?? null,
		statusUntil: rest.statusUntil ?? null,
		checkedAt: rest.checkedAt,
		mode: rest.mode ?? 'online',
		statusAsOf: rest.statusAsOf ?? null
	};
}

/** An archive form's QR checked: the office that issued the form number with this content. */
export interface FormVerificationResult {
	verdict: 'valid' | 'invalid';
	label: string;
	reason: InvalidReason | 'content-mismatch' | null;
	form: {
		formNo: string;
		kindLabel: string;
		issuer: string | null;
		applicantName?: string;
		createdOn?: string;
	} | null;
	checkedAt: string;
	mode: 'online' | 'offline';
}

/** By the form number's prefix (certificates/archive-form.ts). */
export const archiveFormKindLabels: Record<string, string> = {
	PS: '专业技术人员职称评审表',
	RD: '专业技术人员职称认定表',
	QR: '调入人员职称重新确认审批表'
};

export function formKindLabel(formNo: string): string {
	return archiveFormKindLabels[formNo.slice(0, 2)] ?? '存档材料';
}

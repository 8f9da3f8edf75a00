/**
 * Lookup by certificate number + name (`/verify`), for people who type instead of scanning.
 * Both must match; a wrong pair gets one answer whichever part was wrong, and every attempt
 * counts against the per-IP limit (auth/throttle.ts, limits.lookupPerIp), so the register
 * cannot be enumerated. The result is the same verification as the QR's, on the stored token;
 * failing that, a paper certificate registered by an office (legacy/import-paper-certificates.ts).
 */
import { eq } from 'drizzle-orm';
import { seriesName } from '../../domain/catalogue.js';
import { AppError } from '../../domain/errors.js';
import { levelLabels } from '../../domain/routing.js';
import { verdictResult, type VerificationResult } from '../../domain/verification.js';
import { hit, limits } from '../auth/throttle.js';
import { PRINTED_SERIES } from '../certificates/issue-certificate.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { certificates } from '../db/schema/index.js';
import { findPaperCertificate, type PaperLookup } from '../legacy/import-paper-certificates.js';
import { recordVerification } from './verification-log.js';
import {
	verifyCertificate,
	type OnlineVerification,
	type VerifyContext
} from './verify-certificate.js';

/** Width, case and spaces do not matter; the dots of minority names (买买提·艾力) are unified. */
export function normaliseName(name: string): string {
	return name
		.normalize('NFKC')
		.replace(/\s+/g, '')
		.replace(/[.\u00b7\u2022\u2027\u30fb\uff0e]/g, '·')
		.toUpperCase();
}

export function normaliseCertificateNo(no: string): string {
	return no.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

export interface LookupInput {
	certificateNo: string;
	name: string;
}

export type LookupOutcome =
	| { ok: true; result: VerificationResult & Partial<OnlineVerification> }
	| { ok: false; fields: Partial<Record<keyof LookupInput, string>> }
	| { ok: false; notFound: true };

export async function lookupCertificate(
	input: LookupInput,
	ctx: Omit<VerifyContext, 'channel'> & { clientAddress: string }
): Promise<LookupOutcome> {
	const certificateNo = normaliseCertificateNo(input.certificateNo ?? '').slice(0, 40);
	const name = normaliseName(input.name ?? '').slice(0, 40);
	const fields: Partial<Record<keyof LookupInput, string>> = {};
	if (!certificateNo) fields.certificateNo = '请填写证书编号';
	if (!name) fields.name = '请填写持证人姓名';
	if (Object.keys(fields).length > 0) return { ok: false, fields };
	if (!(await hit('lookup', ctx.clientAddress, limits.lookupPerIp)))
		throw new AppError('RATE_LIMITED');
	const [row] = await db()
		.select({ token: certificates.token, holderName: certificates.holderName })
		.from(certificates)
		.where(eq(certificates.certificateNo, certificateNo));
	if (row && normaliseName(row.holderName) === name)
		return { ok: true, result: await verifyCertificate(row.token, { ...ctx, channel: 'lookup' }) };
	const paper = await findPaperCertificate(input.certificateNo, input.name);
	if (!paper) return { ok: false, notFound: true };
	return { ok: true, result: paperResult(paper, ctx) };
}

/**
 * A registered paper certificate (issue 7): valid, unless an invalidation notice is running
 * (notice) or completed (void). Its fields come from the offices' register, not a signature.
 */
function paperResult(p: PaperLookup, ctx: Omit<VerifyContext, 'channel'>): VerificationResult {
	const at = now();
	const state = p.notice?.state;
	const verdict = state === 'running' ? 'notice' : state === 'completed' ? 'void' : 'valid';
	recordVerification({
		subjectNo: p.certificateNo,
		verdict,
		channel: 'lookup',
		verifierOrgId: ctx.verifierOrgId,
		clientAddress: ctx.clientAddress,
		at
	});
	const level =
		(['junior', 'intermediate', 'senior'] as const).find((l) => l === p.level) ?? 'intermediate';
	return {
		...verdictResult(verdict, {
			checkedAt: at.toISOString(),
			statusUntil: state === 'running' ? p.notice!.until : null,
			certificate: {
				certificateNo: p.certificateNo,
				managementNo: '',
				name: p.holderName,
				idNumberMasked: '',
				series: PRINTED_SERIES[p.series] ?? seriesName(p.series),
				qualification: p.qualification,
				level,
				levelLabel: levelLabels[level],
				issueDate: p.issuedOn,
				issuer: { code: '', name: p.issuingOffice }
			}
		}),
		paper: true
	};
}

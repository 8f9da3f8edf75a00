/**
 * Online verification of a certificate's QR token — the one use case behind `/v/<token>`,
 * `/verify` (lookup), `/api/v1/verify/<token>` and the scanner's online check:
 *
 * 1. decode the token strictly and check its Ed25519 signature with the published key named by
 *    its kid (native crypto; results cached per token, since a token's authenticity never
 *    changes), and that the key had not been retired before the certificate's issue date;
 * 2. look the certificate up in the in-memory status registry (revoked / void / notice / valid);
 * 3. append the check to the batched verification log.
 *
 * No database query on the hot path once the register is loaded.
 */
import { decodeToken, type CertificateTokenPayload } from '../../domain/certificate-token.js';
import {
	keyCoversIssueDate,
	publicCertificateOf,
	verdictResult,
	type InvalidReason,
	type VerificationResult
} from '../../domain/verification.js';
import { now } from '../clock.js';
import { resolveKey, verifySignature, type RingKey } from './key-ring.js';
import { findCertificate, statusOf } from './status-registry.js';
import { recordVerification, type Channel } from './verification-log.js';

export interface VerifyContext {
	channel: Channel;
	/** The signed-in verifier's organisation (staff), else anonymous. */
	verifierOrgId?: string | null;
	clientAddress?: string | null;
	/** Default true; false for internal re-checks that must not appear in the holder's log. */
	log?: boolean;
}

export interface OnlineVerification extends VerificationResult {
	/** Server-side only: never sent to clients. */
	certificateId: string | null;
	photoAttachmentId: string | null;
}

type Authenticity =
	| { ok: true; payload: CertificateTokenPayload; key: RingKey }
	| { ok: false; reason: InvalidReason; subjectNo: string | null };

const CACHE_MAX = 10_000;
const authenticity = new Map<string, Authenticity>();

/** Is the token genuine? (Signature and key validity only; cached.) */
export async function checkAuthenticity(token: string): Promise<Authenticity> {
	const cached = authenticity.get(token);
	if (cached) return cached;
	const result = await authenticate(token);
	// an unknown key may become known (a key created by another instance): not cached
	if (result.ok || result.reason !== 'unknown-key') {
		if (authenticity.size >= CACHE_MAX) authenticity.delete(authenticity.keys().next().value!);
		authenticity.set(token, result);
	}
	return result;
}

async function authenticate(token: string): Promise<Authenticity> {
	const decoded = decodeToken(token);
	if (!decoded.ok) return { ok: false, reason: decoded.reason, subjectNo: null };
	const subjectNo = decoded.payload.certificateNo;
	const key = await resolveKey(decoded.kid);
	if (!key) return { ok: false, reason: 'unknown-key', subjectNo };
	if (!verifySignature(key, decoded.message, decoded.signature))
		return { ok: false, reason: 'bad-signature', subjectNo };
	if (!keyCoversIssueDate(key, decoded.payload.issueDate))
		return { ok: false, reason: 'key-retired', subjectNo };
	return { ok: true, payload: decoded.payload, key };
}

export async function verifyCertificate(
	token: string,
	ctx: VerifyContext
): Promise<OnlineVerification> {
	const at = now();
	const checkedAt = at.toISOString();
	const genuine = await checkAuthenticity(token);
	let result: OnlineVerification;
	if (!genuine.ok) {
		result = invalid(genuine.reason, checkedAt);
		log(ctx, at, { subjectNo: genuine.subjectNo, verdict: 'invalid', reason: genuine.reason });
		return result;
	}
	const entry = await findCertificate(genuine.payload.certificateNo);
	if (!entry) {
		result = invalid('not-registered', checkedAt);
		log(ctx, at, {
			subjectNo: genuine.payload.certificateNo,
			verdict: 'invalid',
			reason: 'not-registered'
		});
		return result;
	}
	const { status, since, until } = statusOf(entry);
	result = {
		...verdictResult(status, {
			checkedAt,
			certificate: publicCertificateOf(genuine.payload, genuine.key.orgName),
			statusSince: since,
			statusUntil: until
		}),
		certificateId: entry.id,
		photoAttachmentId: entry.photoAttachmentId
	};
	log(ctx, at, { certificateId: entry.id, subjectNo: entry.certificateNo, verdict: status });
	return result;
}

function invalid(reason: InvalidReason, checkedAt: string): OnlineVerification {
	return {
		...verdictResult('invalid', { checkedAt, reason }),
		certificateId: null,
		photoAttachmentId: null
	};
}

function log(
	ctx: VerifyContext,
	at: Date,
	e: Pick<
		Parameters<typeof recordVerification>[0],
		'certificateId' | 'subjectNo' | 'verdict' | 'reason'
	>
) {
	if (ctx.log === false) return;
	recordVerification({
		...e,
		channel: ctx.channel,
		verifierOrgId: ctx.verifierOrgId ?? null,
		clientAddress: ctx.clientAddress ?? null,
		at
	});
}

/** What an API client or page may see: the result without server-side ids. */
export function publicResult(
	r: VerificationResult & Partial<OnlineVerification>
): VerificationResult {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { certificateId, photoAttachmentId, ...rest } = r;
	return rest;
}

/** For tests: forget cached authenticity results. */
export function clearAuthenticityCache(): void {
	authenticity.clear();
}

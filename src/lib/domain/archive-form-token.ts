/**
 * The QR token of an archive form (评审表 / 认定表 / 重新确认审批表): `<origin>/v/f/<token>`.
 *
 *   token = "F1." formNo "." kid "." digest "." signature
 *
 * `digest` is the first 16 bytes (base64url) of the form's content SHA-256 (application content
 * hash plus every step's seal); `signature` is Ed25519 (base64url, 64 bytes) by the issuing
 * office's certificate token key over a context prefix and the four fields. Offline, a verifier
 * with the published keys (JWKS) learns that the office issued this form number with this
 * content; online, the platform also shows the form's steps. Works in the browser and on the server.
 */
import { signAsync, verifyAsync } from '@noble/ed25519';
import { fromBase64url, toBase64url } from './certificate-token.js';

const CONTEXT = 'zhicheng/archive-form/v1';
const FORM_NO = /^[A-Z]{2}[A-Z0-9]{4,30}$/;
const KID = /^[A-Za-z0-9_-]{1,16}$/;
const DIGEST = /^[A-Za-z0-9_-]{22}$/;

export interface ArchiveFormClaim {
	formNo: string;
	kid: string;
	/** base64url of the first 16 bytes of the content SHA-256. */
	digest: string;
}

export function formDigest(contentSha256Hex: string): string {
	if (!/^[0-9a-f]{64}$/.test(contentSha256Hex)) throw new RangeError('not a SHA-256 hex digest');
	const bytes = new Uint8Array(16);
	for (let i = 0; i < 16; i++) bytes[i] = parseInt(contentSha256Hex.slice(2 * i, 2 * i + 2), 16);
	return toBase64url(bytes);
}

function signedBytes(c: ArchiveFormClaim): Uint8Array {
	return new TextEncoder().encode(`${CONTEXT}|${c.formNo}|${c.kid}|${c.digest}`);
}

export async function signArchiveFormToken(
	claim: { formNo: string; contentSha256: string },
	key: { kid: string; privateKey: Uint8Array }
): Promise<string> {
	const c = { formNo: claim.formNo, kid: key.kid, digest: formDigest(claim.contentSha256) };
	if (!FORM_NO.test(c.formNo) || !KID.test(c.kid)) throw new RangeError('bad form number or kid');
	const signature = await signAsync(signedBytes(c), key.privateKey);
	return `F1.${c.formNo}.${c.kid}.${c.digest}.${toBase64url(signature)}`;
}

export type FormVerifyResult =
	| { ok: true; claim: ArchiveFormClaim }
	| { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

export async function verifyArchiveFormToken(
	token: string,
	resolveKey: (kid: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>
): Promise<FormVerifyResult> {
	const parts = token.split('.');
	if (parts.length !== 5 || parts[0] !== 'F1') return { ok: false, reason: 'malformed' };
	const [, formNo, kid, digest, sig] = parts;
	if (!FORM_NO.test(formNo) || !KID.test(kid) || !DIGEST.test(digest))
		return { ok: false, reason: 'malformed' };
	const signature = fromBase64url(sig);
	if (!signature || signature.length !== 64) return { ok: false, reason: 'malformed' };
	const key = await resolveKey(kid);
	if (!key) return { ok: false, reason: 'unknown-key' };
	const claim = { formNo, kid, digest };
	const ok = await verifyAsync(signature, signedBytes(claim), key).catch(() => false);
	return ok ? { ok: true, claim } : { ok: false, reason: 'bad-signature' };
}

/**
 * Offline verification, as the scanner does it in the browser without network: the token's
 * signature against the cached published keys (JWKS) that the pinned city root key signed, the
 * certificate's status against the cached signed status list. The verdict says how old that status is ("状态截至 iat"). Pure,
 * so the server tests check it against the same vectors as the online verification.
 */
import { verifyArchiveFormToken } from './archive-form-token.js';
import { fromBase64url, verifyToken } from './certificate-token.js';
import { verifyKeyAttestation } from './key-attestation.js';
import { statusIn, type StatusList } from './status-list.js';
import {
	formKindLabel,
	keyCoversIssueDate,
	publicCertificateOf,
	verdictLabels,
	verdictResult,
	type FormVerificationResult,
	type KeyValidity,
	type VerificationResult
} from './verification.js';

export interface PublishedKey extends KeyValidity {
	kid: string;
	publicKey: Uint8Array;
}

export interface OfflineData {
	keys: Map<string, PublishedKey>;
	/** Null until a status list was fetched and verified once. */
	statusList: StatusList | null;
}

/**
 * The Ed25519 keys of a JWKS document that the pinned city root signed (key-attestation.ts),
 * with the validity the root signed; a key without a genuine attestation, or whose published
 * kid or public key differs from the attested one, is left out. Anything else is ignored.
 */
export async function keysFromJwks(
	jwks: unknown,
	root: Uint8Array
): Promise<Map<string, PublishedKey>> {
	const out = new Map<string, PublishedKey>();
	const keys = (jwks as { keys?: unknown } | null)?.keys;
	if (!Array.isArray(keys)) return out;
	for (const k of keys.slice(0, 1000) as Record<string, unknown>[]) {
		if (k?.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.kid !== 'string') continue;
		const publicKey = typeof k.x === 'string' ? fromBase64url(k.x) : null;
		if (!publicKey || publicKey.length !== 32) continue;
		const statement = await verifyKeyAttestation(k.att, root);
		if (!statement || statement.kid !== k.kid || statement.x !== k.x) continue;
		out.set(k.kid, {
			kid: k.kid,
			publicKey,
			nbf: statement.nbf,
			exp: statement.exp,
			retired: statement.retired
		});
	}
	return out;
}

export async function verifyOffline(
	token: string,
	data: OfflineData,
	at: Date = new Date()
): Promise<VerificationResult> {
	const checkedAt = at.toISOString();
	const statusAsOf = data.statusList
		? new Date(data.statusList.claims.iat * 1000).toISOString()
		: null;
	const base = { checkedAt, mode: 'offline' as const, statusAsOf };
	const checked = await verifyToken(token, (kid) => data.keys.get(kid)?.publicKey);
	if (!checked.ok) return verdictResult('invalid', { ...base, reason: checked.reason });
	const key = data.keys.get(checked.kid)!;
	if (!keyCoversIssueDate(key, checked.payload.issueDate))
		return verdictResult('invalid', { ...base, reason: 'key-retired' });
	const status = data.statusList
		? statusIn(data.statusList, checked.payload.certificateNo)
		: 'valid';
	const issuer = data.statusList?.claims.issuers[checked.payload.issuerCode] ?? null;
	return verdictResult(status, {
		...base,
		certificate: publicCertificateOf(checked.payload, issuer)
	});
}

export async function verifyFormOffline(
	token: string,
	data: OfflineData,
	at: Date = new Date()
): Promise<FormVerificationResult> {
	const checked = await verifyArchiveFormToken(token, (kid) => data.keys.get(kid)?.publicKey);
	const checkedAt = at.toISOString();
	if (!checked.ok)
		return {
			verdict: 'invalid',
			label: verdictLabels.invalid,
			reason: checked.reason,
			form: null,
			checkedAt,
			mode: 'offline'
		};
	return {
		verdict: 'valid',
		label: verdictLabels.valid,
		reason: null,
		form: {
			formNo: checked.claim.formNo,
			kindLabel: formKindLabel(checked.claim.formNo),
			issuer: null
		},
		checkedAt,
		mode: 'offline'
	};
}

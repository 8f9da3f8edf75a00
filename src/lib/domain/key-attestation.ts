/**
 * Office keys signed by the city root key. Every key in the published JWKS carries `att`: a
 * compact JWS (EdDSA, `typ: key-attestation+jwt`) by the root over the key's statement — its
 * kid, public key, owning organisation and validity. A verifier that pins the root's public key
 * (built into the app) uses only keys with a genuine statement, and takes their validity from
 * the statement, so a forged or altered JWKS cannot add a key, swap one, or lift a retirement.
 *
 * Pure and isomorphic (@noble/ed25519).
 */
import { signAsync, verifyAsync } from '@noble/ed25519';
import { fromBase64url, toBase64url } from './certificate-token.js';

export const KEY_ATTESTATION_TYP = 'key-attestation+jwt';

/** What the root vouches for, in JWK terms (seconds since the epoch). */
export interface KeyStatement {
	kid: string;
	/** Ed25519 public key, base64url. */
	x: string;
	/** Owning organisation. */
	org: string;
	nbf?: number;
	exp?: number;
	retired?: number;
}

const utf8 = new TextEncoder();
const b64json = (value: unknown) => toBase64url(utf8.encode(JSON.stringify(value)));

/** The root's kid: derived from its public key, for humans and logs only. */
export const rootKid = (publicKey: Uint8Array) => `city-root-${toBase64url(publicKey).slice(0, 8)}`;

export async function signKeyAttestation(
	statement: KeyStatement,
	root: { privateKey: Uint8Array; publicKey: Uint8Array }
): Promise<string> {
	const { kid, x, org, nbf, exp, retired } = statement;
	const header = { alg: 'EdDSA', kid: rootKid(root.publicKey), typ: KEY_ATTESTATION_TYP };
	const input = `${b64json(header)}.${b64json({ kid, x, org, nbf, exp, retired })}`;
	return `${input}.${toBase64url(await signAsync(utf8.encode(input), root.privateKey))}`;
}

/** The statement of a genuine attestation by `root`, or null. */
export async function verifyKeyAttestation(
	att: unknown,
	root: Uint8Array
): Promise<KeyStatement | null> {
	const parts = typeof att === 'string' && att.length < 4096 ? att.split('.') : [];
	if (parts.length !== 3) return null;
	const signature = fromBase64url(parts[2]);
	if (!signature || signature.length !== 64) return null;
	const genuine = await verifyAsync(signature, utf8.encode(`${parts[0]}.${parts[1]}`), root).catch(
		() => false
	);
	if (!genuine) return null;
	try {
		const decode = (p: string) =>
			JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(p)!));
		const header = decode(parts[0]) as { alg?: unknown; typ?: unknown };
		const s = decode(parts[1]) as Record<string, unknown>;
		if (header.alg !== 'EdDSA' || header.typ !== KEY_ATTESTATION_TYP) return null;
		if (typeof s.kid !== 'string' || typeof s.x !== 'string' || typeof s.org !== 'string')
			return null;
		const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
		return {
			kid: s.kid,
			x: s.x,
			org: s.org,
			nbf: num(s.nbf),
			exp: num(s.exp),
			retired: num(s.retired)
		};
	} catch {
		return null;
	}
}

/**
 * Shared test vectors for certificate verification, in the spirit of the EU DCC test list:
 * named cases with the verdict every verifier must reach — the server (`/v/<token>`,
 * `/api/v1/verify/<token>`, tests/integration/verification.spec.ts, tests/e2e/verification.e2e.ts)
 * and the browser's offline check (`/scan`, tests/e2e/scanner.e2e.ts).
 *
 * A vector is built from a few real certificates in a database (materialize.ts creates them
 * through the real use cases: issuance, revocation, reissue, invalidation notice, key
 * rotation); the forged ones are derived from a real token here. Pure: imports only
 * src/lib/domain, so Playwright can load it too.
 */
import {
	decodeToken,
	encodeAndSign,
	encodeUnsigned,
	fromBase64url,
	toBase64url
} from '../../src/lib/domain/certificate-token.js';
import type { InvalidReason, Verdict } from '../../src/lib/domain/verification.js';

/** Real certificates (tokens as issued) and keys, from materialize.ts. */
export interface VectorSource {
	tokens: {
		/** Issued, nothing happened since. */
		valid: string;
		/** Replaced by a reissue (遗失补办). */
		voided: string;
		/** Revoked by the city office. */
		revoked: string;
		/** Its holder's invalidation notice (声明作废) is running. */
		notice: string;
		/** Issued under a key that has since been rotated out (retired). */
		rotated: string;
	};
	/** The retired key (private, base64url) and a day after its retirement. */
	retiredKey: { kid: string; privateKey: string; dayAfterRetirement: string };
	/** The current key of an issuing office (private, base64url). */
	currentKey: { kid: string; privateKey: string };
	/** Full ID numbers of the holders: no page may show 7 or more consecutive characters of them. */
	idNumbers: string[];
}

export interface CertificateVector {
	name: string;
	description: string;
	/** Online verdict (the register decides). */
	expect: Verdict;
	/** Offline verdict when it differs (keys and status list only). */
	expectOffline?: Verdict;
	reason?: InvalidReason;
	token: (s: VectorSource) => string | Promise<string>;
}

const bytesOf = (token: string) => fromBase64url(token)!;

function mutateByte(token: string, index: number, value: (b: number) => number): string {
	const bytes = bytesOf(token);
	const i = index < 0 ? bytes.length + index : index;
	bytes[i] = value(bytes[i]) & 0xff;
	return toBase64url(bytes);
}

/** The token with one payload field changed and the original signature kept. */
function altered(token: string, change: { name?: string; certificateNo?: string }): string {
	const d = decodeToken(token);
	if (!d.ok) throw new Error('vector source token does not decode');
	const unsigned = encodeUnsigned({ ...d.payload, ...change }, d.kid);
	const out = new Uint8Array(unsigned.length + 64);
	out.set(unsigned);
	out.set(d.signature, unsigned.length);
	return toBase64url(out);
}

async function resigned(
	token: string,
	key: { kid: string; privateKey: string },
	change: Partial<{ certificateNo: string; issueDate: string }> = {}
): Promise<string> {
	const d = decodeToken(token);
	if (!d.ok) throw new Error('vector source token does not decode');
	return encodeAndSign(
		{ ...d.payload, ...change },
		{ kid: key.kid, privateKey: fromBase64url(key.privateKey)! }
	);
}

/** A key no office ever published. */
const FOREIGN_KEY = {
	kid: 'forgedKid01',
	privateKey: toBase64url(Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff))
};

export const certificateVectors: CertificateVector[] = [
	{
		name: 'valid',
		description: 'an issued certificate, nothing happened since',
		expect: 'valid',
		token: (s) => s.tokens.valid
	},
	{
		name: 'void-reissued',
		description: 'the certificate was replaced by a reissue (遗失补办)',
		expect: 'void',
		token: (s) => s.tokens.voided
	},
	{
		name: 'revoked',
		description: 'the city office revoked the certificate',
		expect: 'revoked',
		token: (s) => s.tokens.revoked
	},
	{
		name: 'notice-running',
		description: "the holder's invalidation notice (声明作废) is running",
		expect: 'notice',
		token: (s) => s.tokens.notice
	},
	{
		name: 'rotated-key-still-valid',
		description: 'issued under a key that has since been retired by rotation',
		expect: 'valid',
		token: (s) => s.tokens.rotated
	},
	{
		name: 'forged-signature',
		description: 'one bit of the signature flipped',
		expect: 'invalid',
		reason: 'bad-signature',
		token: (s) => mutateByte(s.tokens.valid, -1, (b) => b ^ 0x01)
	},
	{
		name: 'altered-name',
		description: "the holder's name changed, the signature kept",
		expect: 'invalid',
		reason: 'bad-signature',
		token: (s) => altered(s.tokens.valid, { name: '张伪造' })
	},
	{
		name: 'altered-number-of-revoked',
		description: "a revoked certificate's token re-pointed at the valid certificate's number",
		expect: 'invalid',
		reason: 'bad-signature',
		token: (s) => {
			const d = decodeToken(s.tokens.valid);
			if (!d.ok) throw new Error('bad source');
			return altered(s.tokens.revoked, { certificateNo: d.payload.certificateNo });
		}
	},
	{
		name: 'unknown-kid',
		description: 'well-formed and signed, by a key no office published',
		expect: 'invalid',
		reason: 'unknown-key',
		token: (s) => resigned(s.tokens.valid, FOREIGN_KEY)
	},
	{
		name: 'signed-after-key-retired',
		description: 'signed with a retired key and dated after its retirement',
		expect: 'invalid',
		reason: 'key-retired',
		token: (s) =>
			resigned(s.tokens.rotated, s.retiredKey, { issueDate: s.retiredKey.dayAfterRetirement })
	},
	{
		name: 'not-registered',
		description:
			'genuinely signed by an office key, but no such certificate in the register (offline cannot know)',
		expect: 'invalid',
		expectOffline: 'valid',
		reason: 'not-registered',
		token: (s) => resigned(s.tokens.valid, s.currentKey, { certificateNo: '4502202611999999' })
	},
	{
		name: 'malformed',
		description: 'not a token at all',
		expect: 'invalid',
		reason: 'malformed',
		token: () => 'AQEAAAAAAAAAAAAA'
	},
	{
		name: 'truncated',
		description: 'the last bytes of a real token cut off (a torn or badly printed code)',
		expect: 'invalid',
		reason: 'malformed',
		token: (s) =>
			toBase64url(bytesOf(s.tokens.valid).subarray(0, bytesOf(s.tokens.valid).length - 9))
	},
	{
		name: 'wrong-version',
		description: 'version byte 2 (unknown token version)',
		expect: 'invalid',
		reason: 'unsupported-version',
		token: (s) => mutateByte(s.tokens.valid, 0, () => 2)
	},
	{
		name: 'wrong-algorithm',
		description: 'algorithm byte 9 (not Ed25519)',
		expect: 'invalid',
		reason: 'unknown-algorithm',
		token: (s) => mutateByte(s.tokens.valid, 1, () => 9)
	}
];

export interface ResolvedVector {
	name: string;
	description: string;
	expect: Verdict;
	expectOffline: Verdict;
	reason: InvalidReason | null;
	token: string;
}

/** Every vector's token, computed once (JSON-serialisable for the browser tests). */
export async function resolveVectors(source: VectorSource): Promise<ResolvedVector[]> {
	const out: ResolvedVector[] = [];
	for (const v of certificateVectors) {
		out.push({
			name: v.name,
			description: v.description,
			expect: v.expect,
			expectOffline: v.expectOffline ?? v.expect,
			reason: v.reason ?? null,
			token: await v.token(source)
		});
	}
	return out;
}

/** Longest run of an ID number's characters that appears in `text` (must stay below 7). */
export function longestIdRun(text: string, idNumber: string): number {
	for (let len = idNumber.length; len > 0; len--) {
		for (let i = 0; i + len <= idNumber.length; i++) {
			if (text.includes(idNumber.slice(i, i + len))) return len;
		}
	}
	return 0;
}

/**
 * The certificate status list (`/api/v1/status-list`): the status of every certificate in one
 * small signed document that verifiers cache, in the spirit of the W3C Bitstring Status List.
 *
 * - Each certificate has a status index: the serial of its certificate number (statusIndexOf).
 * - 2 bits per index, most significant bit first (index 0 = the two leftmost bits of byte 0):
 *   00 valid, 01 invalidation notice running, 10 void (reissued), 11 revoked.
 * - The bitstring is GZIP-compressed and base64url-encoded (`lst`); numbers outside the scheme
 *   are listed by number in `other` (non-valid ones only).
 * - The whole is a compact JWS (EdDSA, `typ: statuslist+jwt`) signed by the city office's key,
 *   whose public half is in `/.well-known/jwks.json`, so any JOSE library can check it.
 * - `iat` is when the list was issued: an offline verdict says "status as of iat".
 *
 * Pure and isomorphic: (De)CompressionStream and @noble/ed25519 work in browsers and in Node.
 */
import { signAsync, verifyAsync } from '@noble/ed25519';
import { fromBase64url, toBase64url } from './certificate-token.js';
import {
	MAX_STATUS_ENTRIES,
	STATUS_CODE,
	statusIndexOf,
	statusOfCode,
	type CertificateStatus
} from './verification.js';

export const STATUS_LIST_TYP = 'statuslist+jwt';
export const STATUS_BITS = 2;

export interface StatusListClaims {
	/** The platform's origin. */
	iss: string;
	/** The list's own URL. */
	sub: string;
	/** Issued at, seconds since the epoch. */
	iat: number;
	/** Seconds a verifier may use it before fetching again. */
	ttl: number;
	status_list: { bits: 2; lst: string; size: number };
	/** Non-valid certificates whose numbers have no status index, by number. */
	other: Record<string, number>;
	/** Issuing offices by administrative code (the tokens carry only the code). */
	issuers: Record<string, string>;
}

export interface StatusList {
	claims: StatusListClaims;
	kid: string;
	/** Decompressed bitstring. */
	bits: Uint8Array;
}

/** The status of one certificate number in a decoded list. */
export function statusIn(list: Pick<StatusList, 'bits' | 'claims'>, certificateNo: string) {
	const index = statusIndexOf(certificateNo);
	if (index === undefined) {
		const code = list.claims.other[certificateNo];
		return statusOfCode(typeof code === 'number' ? code : 0);
	}
	return statusOfCode(readStatus(list.bits, index));
}

export function readStatus(bits: Uint8Array, index: number): number {
	const byte = bits[index >> 2];
	if (byte === undefined) return 0; // issued after the list: nothing known against it
	return (byte >> (6 - 2 * (index & 3))) & 3;
}

/** Packs statuses into the bitstring; `size` entries (rounded up to whole bytes). */
export function packStatuses(
	entries: Iterable<[index: number, status: CertificateStatus]>,
	size: number
): Uint8Array {
	if (size > MAX_STATUS_ENTRIES) throw new RangeError('status list too large');
	const bits = new Uint8Array(Math.ceil(size / 4));
	for (const [index, status] of entries) {
		if (index < 0 || index >= size) throw new RangeError(`status index ${index} out of range`);
		const shift = 6 - 2 * (index & 3);
		bits[index >> 2] = (bits[index >> 2] & ~(3 << shift)) | (STATUS_CODE[status] << shift);
	}
	return bits;
}

async function pipe(data: Uint8Array, stream: GenericTransformStream, limit: number) {
	const reader = new Blob([data as Uint8Array<ArrayBuffer>])
		.stream()
		.pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>)
		.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > limit) {
			await reader.cancel();
			throw new RangeError('status list too large');
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.length;
	}
	return out;
}

export const gzip = (data: Uint8Array) => pipe(data, new CompressionStream('gzip'), Infinity);
/** Refuses to inflate beyond the largest list there can be (no decompression bombs). */
export const gunzip = (data: Uint8Array) =>
	pipe(data, new DecompressionStream('gzip'), MAX_STATUS_ENTRIES / 4);

const utf8 = new TextEncoder();
const b64json = (value: unknown) => toBase64url(utf8.encode(JSON.stringify(value)));

function parseB64json(part: string): unknown {
	const bytes = fromBase64url(part);
	if (!bytes) throw new Error('base64url');
	return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

export async function signStatusList(
	claims: StatusListClaims,
	key: { kid: string; privateKey: Uint8Array }
): Promise<string> {
	const input = `${b64json({ alg: 'EdDSA', kid: key.kid, typ: STATUS_LIST_TYP })}.${b64json(claims)}`;
	const signature = await signAsync(utf8.encode(input), key.privateKey);
	return `${input}.${toBase64url(signature)}`;
}

export type StatusListResult =
	| { ok: true; list: StatusList }
	| { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

/** Checks the signature with a published key, then inflates the bitstring. */
export async function verifyStatusList(
	jws: string,
	resolveKey: (kid: string) => Uint8Array | undefined
): Promise<StatusListResult> {
	const parts = typeof jws === 'string' ? jws.split('.') : [];
	if (parts.length !== 3) return { ok: false, reason: 'malformed' };
	let header: { alg?: unknown; kid?: unknown; typ?: unknown };
	let claims: StatusListClaims;
	try {
		header = parseB64json(parts[0]) as typeof header;
		claims = parseB64json(parts[1]) as StatusListClaims;
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (header.alg !== 'EdDSA' || header.typ !== STATUS_LIST_TYP || typeof header.kid !== 'string')
		return { ok: false, reason: 'malformed' };
	const signature = fromBase64url(parts[2]);
	if (!signature || signature.length !== 64) return { ok: false, reason: 'malformed' };
	const key = resolveKey(header.kid);
	if (!key) return { ok: false, reason: 'unknown-key' };
	const message = utf8.encode(`${parts[0]}.${parts[1]}`);
	if (!(await verifyAsync(signature, message, key).catch(() => false)))
		return { ok: false, reason: 'bad-signature' };
	const sl = claims?.status_list;
	const lst = typeof sl?.lst === 'string' ? fromBase64url(sl.lst) : null;
	if (!lst || sl.bits !== STATUS_BITS || typeof claims.iat !== 'number')
		return { ok: false, reason: 'malformed' };
	try {
		const bits = await gunzip(lst);
		return {
			ok: true,
			list: {
				claims: { ...claims, other: claims.other ?? {}, issuers: claims.issuers ?? {} },
				kid: header.kid,
				bits
			}
		};
	} catch {
		return { ok: false, reason: 'malformed' };
	}
}

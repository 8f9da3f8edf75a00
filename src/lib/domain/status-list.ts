/**
 * The certificate status list (`/api/v1/status-list`): the status of every certificate in one
 * small signed document that verifiers cache — an IETF Token Status List
 * (draft-ietf-oauth-status-list), so any implementation of that draft reads it.
 *
 * - Each certificate has a status index: the serial of its certificate number (statusIndexOf).
 * - `bits: 2`, least significant bit first as the draft says (index 0 = the two lowest bits of
 *   byte 0, index 3 = the two highest): 0 VALID, 1 INVALID (revoked), 2 SUSPENDED (an
 *   invalidation notice is running), 3 application-specific (void: reissued).
 * - The byte array is compressed with DEFLATE in the ZLIB format and base64url-encoded (`lst`);
 *   numbers outside the scheme are listed by number in `other` (non-valid ones, same codes).
 * - The whole is a compact JWS (EdDSA, `typ: statuslist+jwt`) signed by the city office's key,
 *   whose public half is in `/.well-known/jwks.json`, so any JOSE library can check it.
 * - `iat` is when the list was issued: an offline verdict says "status as of iat".
 *
 * Lists issued before (kept in scanners' caches) were GZIP, most significant bit first, with
 * codes 0 valid, 1 notice, 2 void, 3 revoked. They are still read: the compressed bytes say which
 * format a list is (a GZIP stream starts 1f 8b; a ZLIB stream never does, its first byte being
 * 0x?8 for DEFLATE).
 *
 * Pure and isomorphic. Inflating uses DecompressionStream where the browser has it, and fflate
 * where it does not (Safari before 16.4, older WeChat WebViews), capped either way.
 */
import { signAsync, verifyAsync } from '@noble/ed25519';
import { Gunzip, Unzlib, zlibSync } from 'fflate';
import { fromBase64url, toBase64url } from './certificate-token.js';
import {
	MAX_STATUS_ENTRIES,
	statusIndexOf,
	statusOfCode,
	type CertificateStatus
} from './verification.js';

export const STATUS_LIST_TYP = 'statuslist+jwt';
export const STATUS_BITS = 2;

/** The draft's status types for this register (0x03 is left to the application). */
export const IETF_STATUS_CODE: Record<CertificateStatus, number> = {
	valid: 0,
	revoked: 1,
	notice: 2,
	void: 3
};
const IETF_STATUSES: CertificateStatus[] = ['valid', 'revoked', 'notice', 'void'];

export interface StatusListClaims {
	/** The platform's origin. */
	iss: string;
	/** The list's own URL. */
	sub: string;
	/** Issued at, seconds since the epoch. */
	iat: number;
	/** Seconds a verifier may use it before fetching again. */
	ttl: number;
	/** `size` only in lists of the old (GZIP) format. */
	status_list: { bits: 2; lst: string; size?: number };
	/** Non-valid certificates whose numbers have no status index, by number. */
	other: Record<string, number>;
	/** Issuing offices by administrative code (the tokens carry only the code). */
	issuers: Record<string, string>;
}

/** `ietf`: ZLIB, LSB first, IETF codes; `gzip-msb`: the format issued before it. */
export type StatusListFormat = 'ietf' | 'gzip-msb';

export interface StatusList {
	claims: StatusListClaims;
	kid: string;
	format: StatusListFormat;
	/** Decompressed byte array. */
	bits: Uint8Array;
}

const statusOf = (format: StatusListFormat, code: number) =>
	format === 'ietf' ? IETF_STATUSES[code & 3] : statusOfCode(code);

/** The status of one certificate number in a decoded list. */
export function statusIn(
	list: Pick<StatusList, 'bits' | 'claims' | 'format'>,
	certificateNo: string
): CertificateStatus {
	const index = statusIndexOf(certificateNo);
	if (index === undefined) {
		const code = list.claims.other[certificateNo];
		return statusOf(list.format, typeof code === 'number' ? code : 0);
	}
	return statusOf(list.format, readStatus(list.bits, index, list.format));
}

/** The 2-bit code at `index`; an index beyond the list (issued after it) reads 0, valid. */
export function readStatus(
	bits: Uint8Array,
	index: number,
	format: StatusListFormat = 'ietf'
): number {
	const byte = bits[index >> 2];
	if (byte === undefined) return 0;
	const shift = format === 'ietf' ? 2 * (index & 3) : 6 - 2 * (index & 3);
	return (byte >> shift) & 3;
}

/** Packs statuses (IETF codes, LSB first); `size` entries (rounded up to whole bytes). */
export function packStatuses(
	entries: Iterable<[index: number, status: CertificateStatus]>,
	size: number
): Uint8Array {
	if (size > MAX_STATUS_ENTRIES) throw new RangeError('status list too large');
	const bits = new Uint8Array(Math.ceil(size / 4));
	for (const [index, status] of entries) {
		if (index < 0 || index >= size) throw new RangeError(`status index ${index} out of range`);
		const shift = 2 * (index & 3);
		bits[index >> 2] = (bits[index >> 2] & ~(3 << shift)) | (IETF_STATUS_CODE[status] << shift);
	}
	return bits;
}

/** The largest byte array there can be: inflating stops there (no decompression bombs). */
const MAX_BYTES = MAX_STATUS_ENTRIES / 4;

/** DEFLATE in the ZLIB format, as the draft requires. */
export const deflate = (data: Uint8Array): Uint8Array => zlibSync(data, { level: 9 });

export function isGzip(data: Uint8Array): boolean {
	return data[0] === 0x1f && data[1] === 0x8b;
}

/** Inflates a ZLIB or GZIP stream, never beyond `limit` bytes. */
export async function inflate(
	data: Uint8Array,
	format: 'deflate' | 'gzip',
	limit = MAX_BYTES
): Promise<Uint8Array> {
	return typeof globalThis.DecompressionStream === 'function'
		? inflateNative(data, format, limit)
		: inflateFflate(data, format, limit);
}

async function inflateNative(data: Uint8Array, format: 'deflate' | 'gzip', limit: number) {
	const reader = new Blob([data as Uint8Array<ArrayBuffer>])
		.stream()
		.pipeThrough(
			new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>
		)
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
	return concat(chunks, total);
}

/** For browsers without DecompressionStream; fed 1 KiB at a time so the cap holds early. */
export function inflateFflate(data: Uint8Array, format: 'deflate' | 'gzip', limit = MAX_BYTES) {
	const chunks: Uint8Array[] = [];
	let total = 0;
	const onData = (chunk: Uint8Array) => {
		total += chunk.length;
		if (total > limit) throw new RangeError('status list too large');
		chunks.push(chunk);
	};
	const stream = format === 'gzip' ? new Gunzip(onData) : new Unzlib(onData);
	const STEP = 1024;
	if (data.length === 0) throw new Error('empty stream');
	for (let o = 0; o < data.length; o += STEP)
		stream.push(data.subarray(o, o + STEP), o + STEP >= data.length);
	return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number) {
	const out = new Uint8Array(total);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.length;
	}
	return out;
}

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
		const format: StatusListFormat = isGzip(lst) ? 'gzip-msb' : 'ietf';
		const bits = await inflate(lst, format === 'ietf' ? 'deflate' : 'gzip');
		return {
			ok: true,
			list: {
				claims: { ...claims, other: claims.other ?? {}, issuers: claims.issuers ?? {} },
				kid: header.kid,
				format,
				bits
			}
		};
	} catch {
		return { ok: false, reason: 'malformed' };
	}
}

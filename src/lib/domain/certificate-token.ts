/**
 * The signed payload behind a certificate's QR code (`<origin>/v/<token>`).
 *
 * Binary layout, then base64url without padding:
 *
 *   version(1) alg(1) kid certificateNo managementNo name idFirst(1) idLast(1)
 *   series qualification level(1) issueDate(u16 days since 2000-01-01) issuerCode
 *   signature(64, Ed25519 over a context prefix + every byte before it)
 *
 * Every string is one header byte then its body: `0xC0 + i` = entry i of a frozen phrase list
 * (series and qualification names), `0x80 | n` = n decimal digits packed as a big-endian
 * integer (16 digits → 7 bytes), otherwise the body length followed by "compact text" in which
 * a CJK Unified Ideograph takes 2 bytes instead of UTF-8's 3. A URL for a typical certificate
 * stays under ~200 characters, which a QR at level M prints legibly at 30 mm.
 *
 * The same bytes have two textual forms, and every verifier reads both:
 * - base64url (the stored form, the API's examples, and the QR of certificates printed before
 *   the compact QR): `AQ…`, always with a letter, since byte 0 is the version;
 * - decimal digits (`toQrToken`), the QR's form since then: the bytes as one big-endian number.
 *   A QR code packs digits in numeric mode at 3⅓ bits each, within 0.4 % of the bytes
 *   themselves, while base64url forces byte mode (8 bits per 6) — so the URL, upper-cased into
 *   alphanumeric mode (`qrVerifyUrl`), fits error correction Q in fewer modules than the old
 *   one took at level M. Digits cannot be confused with base64url: that form starts `AQ`.
 *
 * Ed25519 comes from @noble/ed25519 rather than `crypto.subtle`: WebCrypto Ed25519 only
 * reached Chrome in v137 (2025), and the offline check must run on older phones too.
 * Decoding is strict (canonical numbers, text and base64), so one payload has one token.
 */
import { signAsync, verifyAsync } from '@noble/ed25519';

export const TOKEN_VERSION = 1;
export const ALG_ED25519 = 1;
const SIGNATURE_LENGTH = 64;
const CONTEXT = new TextEncoder().encode('zhicheng/certificate-token/v1');
const EPOCH_2000 = Date.UTC(2000, 0, 1);
const DAY = 86_400_000;

export const titleLevels = ['junior', 'intermediate', 'senior'] as const;
export type TitleLevel = (typeof titleLevels)[number];

export interface CertificateTokenPayload {
	certificateNo: string;
	managementNo: string;
	name: string;
	/** Only the first and last characters survive, e.g. `4****************X` (see maskIdNumber). */
	idNumberMasked: string;
	series: string;
	qualification: string;
	level: TitleLevel;
	/** `YYYY-MM-DD` */
	issueDate: string;
	issuerCode: string;
}

export type VerifyFailure =
	'malformed' | 'unknown-key' | 'bad-signature' | 'unsupported-version' | 'unknown-algorithm';

export type VerifyResult =
	| { ok: true; payload: CertificateTokenPayload; kid: string }
	| { ok: false; reason: VerifyFailure };

/** Raw 32-byte Ed25519 public key, or undefined when the key id is not known. */
export type ResolveKey = (kid: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/**
 * Whole-field phrases that cost one byte. Part of token version 1: append only, at most 64,
 * never reorder (old tokens must keep decoding to the same text).
 */
const PHRASES = [
	// 职称系列
	'工程技术',
	'卫生技术',
	'中小学教师',
	'经济',
	'会计',
	'农业技术',
	'统计',
	'审计',
	'新闻',
	'出版',
	'翻译',
	'艺术',
	'群众文化',
	'图书资料',
	'文物博物',
	'档案',
	'工艺美术',
	'体育教练',
	'实验技术',
	'技工院校教师',
	'中等职业学校教师',
	'高等学校教师',
	'律师',
	'公证',
	'自然科学研究',
	'社会科学研究',
	// 资格名称 (junior and intermediate)
	'技术员',
	'助理工程师',
	'工程师',
	'医士',
	'医师',
	'主治医师',
	'护士',
	'护师',
	'主管护师',
	'药士',
	'药师',
	'主管药师',
	'技士',
	'技师',
	'主管技师',
	'助理经济师',
	'经济师',
	'助理会计师',
	'会计师',
	'农业技术员',
	'助理农艺师',
	'农艺师',
	'三级教师',
	'二级教师',
	'一级教师',
	'助理统计师',
	'统计师',
	'助理审计师',
	'审计师'
] as const;
const PHRASE_BASE = 0xc0;

const MASKED_ID = /^[0-9]\*{16}[0-9X]$/;
const KID = /^[A-Za-z0-9_-]{1,16}$/;

/** Public form of an 18-character ID number: first and last character, 16 stars between. */
export function maskIdNumber(idNumber: string): string {
	const id = idNumber.trim().toUpperCase();
	if (id.length !== 18) throw new RangeError('ID number must have 18 characters');
	return `${id[0]}${'*'.repeat(16)}${id[17]}`;
}

export async function encodeAndSign(
	payload: CertificateTokenPayload,
	key: { kid: string; privateKey: Uint8Array }
): Promise<string> {
	const unsigned = encodeUnsigned(payload, key.kid);
	const signature = await signAsync(withContext(unsigned), key.privateKey);
	return toBase64url(concat(unsigned, signature));
}

export type DecodeResult =
	| {
			ok: true;
			payload: CertificateTokenPayload;
			kid: string;
			/** What the signature covers: the context prefix and every byte before the signature. */
			message: Uint8Array;
			signature: Uint8Array;
	  }
	| { ok: false; reason: Exclude<VerifyFailure, 'unknown-key' | 'bad-signature'> };

/**
 * Parses a token strictly WITHOUT checking its signature. For verifiers that check the
 * Ed25519 signature themselves (the server uses node's native implementation); anyone else
 * wants verifyToken.
 */
export function decodeToken(token: string): DecodeResult {
	const bytes =
		typeof token !== 'string' || token.length > 1024
			? null
			: DIGITS.test(token)
				? fromDigits(token)
				: fromBase64url(token);
	if (!bytes || bytes.length < 2) return { ok: false, reason: 'malformed' };
	if (bytes[0] !== TOKEN_VERSION) return { ok: false, reason: 'unsupported-version' };
	if (bytes[1] !== ALG_ED25519) return { ok: false, reason: 'unknown-algorithm' };
	let parsed: { kid: string; payload: CertificateTokenPayload; end: number };
	try {
		parsed = decodeFields(new Reader(bytes, 2));
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (bytes.length - parsed.end !== SIGNATURE_LENGTH) return { ok: false, reason: 'malformed' };
	return {
		ok: true,
		payload: parsed.payload,
		kid: parsed.kid,
		message: withContext(bytes.subarray(0, parsed.end)),
		signature: bytes.subarray(parsed.end)
	};
}

export async function verifyToken(token: string, resolveKey: ResolveKey): Promise<VerifyResult> {
	const decoded = decodeToken(token);
	if (!decoded.ok) return decoded;
	const publicKey = await resolveKey(decoded.kid);
	if (!publicKey) return { ok: false, reason: 'unknown-key' };
	// a malformed public key throws; for the caller that is just a signature that does not verify
	const valid = await verifyAsync(decoded.signature, decoded.message, publicKey).catch(() => false);
	return valid
		? { ok: true, payload: decoded.payload, kid: decoded.kid }
		: { ok: false, reason: 'bad-signature' };
}

/** The signed bytes without the signature; exported for tests and size measurements. */
export function encodeUnsigned(p: CertificateTokenPayload, kid: string): Uint8Array {
	if (!KID.test(kid)) throw new RangeError('kid must be 1–16 characters [A-Za-z0-9_-]');
	if (!MASKED_ID.test(p.idNumberMasked)) throw new RangeError('idNumberMasked must be masked');
	const level = titleLevels.indexOf(p.level);
	if (level < 0) throw new RangeError(`unknown level ${p.level}`);
	const w: number[] = [TOKEN_VERSION, ALG_ED25519];
	for (const s of [kid, p.certificateNo, p.managementNo, p.name]) writeString(w, s);
	w.push(p.idNumberMasked.charCodeAt(0), p.idNumberMasked.charCodeAt(17));
	for (const s of [p.series, p.qualification]) writeString(w, s);
	const days = dateToDays(p.issueDate);
	w.push(level, days >> 8, days & 0xff);
	writeString(w, p.issuerCode);
	return Uint8Array.from(w);
}

function decodeFields(r: Reader) {
	const kid = r.string();
	if (!KID.test(kid)) throw new Error('kid');
	const [certificateNo, managementNo, name] = [r.string(), r.string(), r.string()];
	const idNumberMasked = `${String.fromCharCode(r.byte())}${'*'.repeat(16)}${String.fromCharCode(r.byte())}`;
	if (!MASKED_ID.test(idNumberMasked)) throw new Error('id');
	const [series, qualification] = [r.string(), r.string()];
	const level = titleLevels[r.byte()];
	if (!level) throw new Error('level');
	const issueDate = daysToDate((r.byte() << 8) | r.byte());
	const issuerCode = r.string();
	const payload: CertificateTokenPayload = {
		certificateNo,
		managementNo,
		name,
		idNumberMasked,
		series,
		qualification,
		level,
		issueDate,
		issuerCode
	};
	return { kid, payload, end: r.pos };
}

function writeString(w: number[], s: string) {
	const phrase = (PHRASES as readonly string[]).indexOf(s);
	if (phrase >= 0) {
		w.push(PHRASE_BASE + phrase);
		return;
	}
	if (/^[0-9]{1,38}$/.test(s)) {
		const n = BigInt(s);
		const len = digitBytes(s.length);
		w.push(0x80 | s.length);
		for (let i = len - 1; i >= 0; i--) w.push(Number((n >> BigInt(8 * i)) & 0xffn));
		return;
	}
	const body: number[] = [];
	for (const ch of s) {
		const cp = ch.codePointAt(0)!;
		if (cp < 0x80) body.push(cp);
		else if (cp >= 0x4e00 && cp <= 0x9fff) body.push(0x80 + ((cp - 0x4e00) >> 8), cp & 0xff);
		else if (cp < 0xd800 || cp > 0xdfff) body.push(0xff, cp >> 16, (cp >> 8) & 0xff, cp & 0xff);
		else throw new RangeError('lone surrogate');
	}
	if (body.length > 0x7f) throw new RangeError(`field too long: ${s}`);
	w.push(body.length, ...body);
}

class Reader {
	constructor(
		readonly bytes: Uint8Array,
		public pos: number
	) {}
	byte(): number {
		if (this.pos >= this.bytes.length) throw new Error('truncated');
		return this.bytes[this.pos++];
	}
	string(): string {
		const head = this.byte();
		if (head >= PHRASE_BASE) {
			const phrase = PHRASES[head - PHRASE_BASE];
			if (phrase === undefined) throw new Error('unknown phrase');
			return phrase;
		}
		if (head & 0x80) return this.digits(head & 0x7f);
		const text = this.text(head);
		if ((PHRASES as readonly string[]).includes(text)) throw new Error('non-canonical phrase');
		return text;
	}
	private digits(count: number): string {
		if (count < 1 || count > 38) throw new Error('digits'); // 0xA7..0xBF are reserved
		let n = 0n;
		for (let i = digitBytes(count); i > 0; i--) n = (n << 8n) | BigInt(this.byte());
		if (n >= 10n ** BigInt(count)) throw new Error('non-canonical number');
		return n.toString().padStart(count, '0');
	}
	private text(length: number): string {
		const end = this.pos + length;
		if (end > this.bytes.length) throw new Error('truncated');
		let out = '';
		while (this.pos < end) {
			const b = this.byte();
			let cp: number;
			if (b < 0x80) cp = b;
			else if (b <= 0xd1) cp = 0x4e00 + (((b - 0x80) << 8) | this.byte());
			else if (b === 0xff) {
				cp = (this.byte() << 16) | (this.byte() << 8) | this.byte();
				const shorter = cp < 0x80 || (cp >= 0x4e00 && cp <= 0x9fff);
				if (shorter || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error('cp');
			} else throw new Error('reserved byte');
			out += String.fromCodePoint(cp);
		}
		if (this.pos !== end) throw new Error('overrun');
		return out;
	}
}

/** Bytes needed for the largest number with `count` decimal digits. */
function digitBytes(count: number): number {
	return Math.ceil((10n ** BigInt(count) - 1n).toString(16).length / 2);
}

function dateToDays(date: string): number {
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
	const days = (ms - EPOCH_2000) / DAY;
	if (!Number.isInteger(days) || days < 0 || days > 0xffff || daysToDate(days) !== date) {
		throw new RangeError(`issueDate must be a YYYY-MM-DD date from 2000 on: ${date}`);
	}
	return days;
}

function daysToDate(days: number): string {
	return new Date(EPOCH_2000 + days * DAY).toISOString().slice(0, 10);
}

function withContext(bytes: Uint8Array): Uint8Array {
	return concat(CONTEXT, bytes);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
	}
	return out;
}

/** Null unless `s` is canonical unpadded base64url. */
export function fromBase64url(s: string): Uint8Array | null {
	if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
	const out = new Uint8Array(Math.floor((s.length * 6) / 8));
	let acc = 0;
	let bits = 0;
	let o = 0;
	for (const ch of s) {
		acc = ((acc << 6) | ALPHABET.indexOf(ch)) & 0xffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
		}
	}
	return (acc & ((1 << bits) - 1)) === 0 ? out : null;
}

const DIGITS = /^[0-9]+$/;

/**
 * The QR's form of a token (either form in): its bytes as one decimal number. Canonical, as
 * the bytes never start with 0 (the version byte): no leading zero, one number per token.
 */
export function toQrToken(token: string): string {
	const bytes = DIGITS.test(token) ? fromDigits(token) : fromBase64url(token);
	if (!bytes || bytes.length === 0 || bytes[0] === 0) throw new RangeError('not a token');
	let hex = '';
	for (const b of bytes) hex += b.toString(16).padStart(2, '0');
	return BigInt(`0x${hex}`).toString(10);
}

/** Null unless `s` is a canonical decimal number (no leading zero) of a token's bytes. */
export function fromDigits(s: string): Uint8Array | null {
	if (!/^[1-9][0-9]{0,1023}$/.test(s)) return null;
	let hex = BigInt(s).toString(16);
	if (hex.length % 2) hex = `0${hex}`;
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}

/** Characters of the QR alphanumeric mode (besides digits and upper-case letters). */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * The URL printed as a certificate's QR code: `HTTPS://HOST/V/<digits>`. Scheme and host are
 * case-insensitive and the server answers `/V/` like `/v/` (src/hooks.ts), so the whole URL
 * is in the QR alphanumeric set and the token in digits; an origin that cannot be upper-cased
 * into that set (a path with lower-case letters, say) keeps its case.
 */
export function qrVerifyUrl(origin: string, token: string): string {
	const base = `${origin.replace(/\/$/, '')}/v/`;
	const upper = base.toUpperCase();
	return `${ALPHANUMERIC.test(upper) ? upper : base}${toQrToken(token)}`;
}

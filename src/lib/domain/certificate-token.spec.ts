import { describe, it, expect } from 'vitest';
import { getPublicKeyAsync, utils } from '@noble/ed25519';
import {
	encodeAndSign,
	encodeUnsigned,
	fromBase64url,
	fromDigits,
	maskIdNumber,
	qrVerifyUrl,
	toQrToken,
	toBase64url,
	verifyToken,
	type CertificateTokenPayload
} from './certificate-token.js';

async function keyPair(kid: string) {
	const privateKey = utils.randomSecretKey();
	return { kid, privateKey, publicKey: await getPublicKeyAsync(privateKey) };
}

function payload(overrides: Partial<CertificateTokenPayload> = {}): CertificateTokenPayload {
	return {
		certificateNo: '4502202412000358',
		managementNo: 'LZZC2024-0358',
		name: '覃堃琰',
		idNumberMasked: maskIdNumber('45020219880706231X'),
		series: '工程技术',
		qualification: '工程师',
		level: 'intermediate',
		issueDate: '2024-12-20',
		issuerCode: '450200',
		...overrides
	};
}

const mutations: { [K in keyof CertificateTokenPayload]: CertificateTokenPayload[K] } = {
	certificateNo: '4502202412000359',
	managementNo: 'LZZC2024-0359',
	name: '覃堃瑛',
	idNumberMasked: '4****************9',
	series: '工程系列',
	qualification: '助理工程师',
	level: 'junior',
	issueDate: '2024-12-21',
	issuerCode: '450201'
};

describe('certificate token', () => {
	it('round-trips every field, including rare characters outside the BMP', async () => {
		const k = await keyPair('lz24a');
		const p = payload({ name: '䶮𬌗喆' });
		const token = await encodeAndSign(p, k);
		expect(await verifyToken(token, (kid) => (kid === 'lz24a' ? k.publicKey : undefined))).toEqual({
			ok: true,
			payload: p,
			kid: 'lz24a'
		});
	});

	it('fits a QR-friendly URL of at most 200 characters for a typical certificate', async () => {
		const token = await encodeAndSign(payload(), await keyPair('lz24a'));
		const url = `https://zc.rsj.liuzhou.gov.cn/v/${token}`;
		expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(url.length).toBeLessThanOrEqual(200);
	});

	it.each(Object.keys(mutations) as (keyof CertificateTokenPayload)[])(
		'rejects a token whose %s was changed after signing',
		async (field) => {
			const k = await keyPair('lz24a');
			const original = fromBase64url(await encodeAndSign(payload(), k))!;
			const signature = original.subarray(original.length - 64);
			const forgedBody = encodeUnsigned(payload({ [field]: mutations[field] }), 'lz24a');
			const forged = new Uint8Array([...forgedBody, ...signature]);
			const result = await verifyToken(toBase64url(forged), () => k.publicKey);
			expect(result).toEqual({ ok: false, reason: 'bad-signature' });
		}
	);

	it('rejects every single flipped bit anywhere in the token', async () => {
		const k = await keyPair('lz24a');
		const bytes = fromBase64url(await encodeAndSign(payload(), k))!;
		for (let i = 0; i < bytes.length; i++) {
			const copy = bytes.slice();
			copy[i] ^= 0x01;
			const result = await verifyToken(toBase64url(copy), () => k.publicKey);
			expect(result.ok, `byte ${i}`).toBe(false);
		}
	});

	it('names the reason for a wrong key id, version, algorithm or a truncated signature', async () => {
		const k = await keyPair('lz24a');
		const other = await keyPair('lz24b');
		const token = await encodeAndSign(payload(), k);
		const bytes = fromBase64url(token)!;
		const resolve = (kid: string) => ({ lz24b: other.publicKey })[kid];
		expect(await verifyToken(token, resolve)).toEqual({ ok: false, reason: 'unknown-key' });
		// the right key id pointing at someone else's key
		expect(await verifyToken(token, () => other.publicKey)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
		const patch = (i: number, v: number) => toBase64url(bytes.map((b, j) => (j === i ? v : b)));
		expect(await verifyToken(patch(0, 2), () => k.publicKey)).toEqual({
			ok: false,
			reason: 'unsupported-version'
		});
		expect(await verifyToken(patch(1, 9), () => k.publicKey)).toEqual({
			ok: false,
			reason: 'unknown-algorithm'
		});
		const truncated = toBase64url(bytes.subarray(0, bytes.length - 1));
		expect(await verifyToken(truncated, () => k.publicKey)).toEqual({
			ok: false,
			reason: 'malformed'
		});
		const unknownPhrase = toBase64url(bytes.map((b, j) => (j === 39 ? 0xff : b)));
		expect(await verifyToken(unknownPhrase, () => k.publicKey)).toEqual({
			ok: false,
			reason: 'malformed'
		});
		for (const junk of ['', 'a', '!!!!', token + 'A', token.replace(/.$/, '/')]) {
			expect((await verifyToken(junk, () => k.publicKey)).ok).toBe(false);
		}
	});

	it('still verifies tokens signed with a rotated-out key while its public key is resolvable', async () => {
		const old = await keyPair('lz24a');
		const current = await keyPair('lz25a');
		const oldToken = await encodeAndSign(payload(), old);
		const newToken = await encodeAndSign(payload({ issueDate: '2025-03-01' }), current);
		const published = new Map([
			[old.kid, old.publicKey],
			[current.kid, current.publicKey]
		]);
		const resolve = (kid: string) => published.get(kid);
		expect((await verifyToken(oldToken, resolve)).ok).toBe(true);
		expect((await verifyToken(newToken, resolve)).ok).toBe(true);
		published.delete(old.kid);
		expect(await verifyToken(oldToken, resolve)).toEqual({ ok: false, reason: 'unknown-key' });
	});

	it('refuses to encode an unmasked ID number or an impossible date', () => {
		expect(() => encodeUnsigned(payload({ idNumberMasked: '45020219880706231X' }), 'k')).toThrow();
		expect(() => encodeUnsigned(payload({ issueDate: '2024-02-30' }), 'k')).toThrow();
	});

	it('packs digits and Chinese compactly and canonically', () => {
		// 2 header + kid 6 + 16 digits in 8 + 14 + 3 Han in 7 + 2 + 2 phrases + 3 + 6 digits in 4
		const body = encodeUnsigned(payload(), 'lz24a');
		expect(body.length).toBe(48);
		expect(body[39]).toBe(0xc0); // 工程技术 is phrase 0
		expect(encodeUnsigned(payload({ series: '工程技术系列' }), 'lz24a').length).toBe(48 + 12);
		expect(toBase64url(fromBase64url('AQID')!)).toBe('AQID');
		expect(fromBase64url('AQJ')).toBeNull(); // non-zero trailing bits
	});

	describe('the QR form: the same bytes as decimal digits', () => {
		it('verifies in both forms, old base64url and new digits, to the same payload', async () => {
			const k = await keyPair('lz24a');
			const token = await encodeAndSign(payload(), k);
			const digits = toQrToken(token);
			expect(digits).toMatch(/^[1-9][0-9]+$/);
			expect(fromDigits(digits)).toEqual(fromBase64url(token));
			expect(toQrToken(digits)).toBe(digits);
			const resolve = () => k.publicKey;
			expect(await verifyToken(digits, resolve)).toEqual(await verifyToken(token, resolve));
			expect((await verifyToken(digits, resolve)).ok).toBe(true);
		});

		it('is canonical: a leading zero or a changed digit does not verify', async () => {
			const k = await keyPair('lz24a');
			const digits = toQrToken(await encodeAndSign(payload(), k));
			expect(await verifyToken(`0${digits}`, () => k.publicKey)).toEqual({
				ok: false,
				reason: 'malformed'
			});
			const last = digits.at(-1) === '1' ? '2' : '1';
			const changed = await verifyToken(digits.slice(0, -1) + last, () => k.publicKey);
			expect(changed.ok).toBe(false);
			expect(fromDigits('9'.repeat(1025))).toBeNull();
		});

		it('prints an upper-case URL whose every character is in the QR alphanumeric set', async () => {
			const token = await encodeAndSign(payload(), await keyPair('lz24a'));
			const url = qrVerifyUrl('https://zc.rsj.liuzhou.gov.cn/', token);
			expect(url).toBe(`HTTPS://ZC.RSJ.LIUZHOU.GOV.CN/V/${toQrToken(token)}`);
			expect(url).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
			// an origin with a lower-case path keeps its case (still valid, byte mode)
			expect(qrVerifyUrl('https://example.cn/zc_app', token)).toMatch(
				/^https:\/\/example\.cn\/zc_app\/v\/[0-9]+$/
			);
		});
	});
});

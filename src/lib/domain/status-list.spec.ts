import { getPublicKeyAsync, utils } from '@noble/ed25519';
import { getListFromStatusListJWT, StatusList as SdJwtStatusList } from '@sd-jwt/jwt-status-list';
import { gzipSync } from 'fflate';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import legacy from '../../../tests/fixtures/status-list/v1-gzip-msb.json' with { type: 'json' };
import { fromBase64url, toBase64url } from './certificate-token.js';
import {
	deflate,
	IETF_STATUS_CODE,
	packStatuses,
	readStatus,
	signStatusList,
	statusIn,
	verifyStatusList,
	type StatusListClaims
} from './status-list.js';
import type { CertificateStatus } from './verification.js';

async function keyPair(kid = 'city1') {
	const privateKey = utils.randomSecretKey();
	return { kid, privateKey, publicKey: await getPublicKeyAsync(privateKey) };
}

function claimsFor(lst: Uint8Array): StatusListClaims {
	return {
		iss: 'https://zc.example',
		sub: 'https://zc.example/api/v1/status-list',
		iat: 1_790_000_000,
		ttl: 300,
		status_list: { bits: 2, lst: toBase64url(lst) },
		other: { 'GX2018-JS-01427': IETF_STATUS_CODE.revoked },
		issuers: { '450200': '柳州市职称改革工作领导小组办公室' }
	};
}

/** A certificate number whose status index is `serial` (see statusIndexOf). */
const numberOf = (serial: number) => `4502202621${String(serial).padStart(6, '0')}`;

/**
 * Vectors: index and the status the app means, chosen at the edges of bytes (4 entries a byte)
 * and of the list, so a reader with the other bit order or the other codes disagrees.
 */
const SIZE = 16_384;
const vectors: [number, CertificateStatus][] = [
	[0, 'revoked'],
	[1, 'notice'],
	[2, 'void'],
	[3, 'revoked'],
	[4, 'notice'],
	[5, 'valid'],
	[7, 'void'],
	[8, 'revoked'],
	[123, 'revoked'],
	[4095, 'notice'],
	[4096, 'void'],
	[SIZE - 2, 'valid'],
	[SIZE - 1, 'revoked']
];

async function signedVectors() {
	const key = await keyPair();
	const jws = await signStatusList(
		claimsFor(
			deflate(
				packStatuses(
					vectors.filter(([, s]) => s !== 'valid'),
					SIZE
				)
			)
		),
		key
	);
	return { key, jws };
}

describe('status list byte array (draft-ietf-oauth-status-list)', () => {
	it('packs two bits per certificate, least significant first, with the draft’s codes', () => {
		const bits = packStatuses(
			[
				[0, 'revoked'],
				[1, 'notice'],
				[5, 'void'],
				[4099, 'revoked']
			],
			8192
		);
		expect(bits.length).toBe(2048);
		// index 0 in the lowest two bits: revoked = 01 (INVALID), notice = 10 (SUSPENDED)
		expect(bits[0]).toBe(0b00_00_10_01);
		expect(bits[1]).toBe(0b00_00_11_00);
		expect([0, 1, 2, 3, 4, 5, 4099, 4100].map((i) => readStatus(bits, i))).toEqual([
			1, 2, 0, 0, 0, 3, 1, 0
		]);
		// an index beyond the list (issued after it) reads as "nothing known against it"
		expect(readStatus(bits, 100_000)).toBe(0);
	});

	it('refuses an index outside the declared size', () => {
		expect(() => packStatuses([[16, 'void']], 16)).toThrow(RangeError);
	});

	it('is a ZLIB stream (RFC 1950), not GZIP', () => {
		const lst = deflate(packStatuses([], 64));
		expect(lst[0] & 0x0f).toBe(8); // CM = 8, DEFLATE
		expect(((lst[0] << 8) | lst[1]) % 31).toBe(0); // FCHECK
	});
});

describe('interoperability: independent implementations read the list as the app means it', () => {
	it('@sd-jwt/jwt-status-list reads every vector’s status from the signed list', async () => {
		const { jws } = await signedVectors();
		const theirs = getListFromStatusListJWT(jws);
		expect(theirs.getBitsPerStatus()).toBe(2);
		for (const [index, status] of vectors)
			expect(theirs.getStatus(index), `index ${index}`).toBe(IETF_STATUS_CODE[status]);
		// the draft's own status types: 0 VALID, 1 INVALID, 2 SUSPENDED
		expect(theirs.getStatus(0)).toBe(0x01);
		expect(theirs.getStatus(1)).toBe(0x02);
		expect(theirs.getStatus(5)).toBe(0x00);
	});

	it('the app reads a list that @sd-jwt/jwt-status-list wrote', async () => {
		const key = await keyPair();
		const codes = new Array<number>(SIZE).fill(0);
		for (const [index, status] of vectors) codes[index] = IETF_STATUS_CODE[status];
		const lst = fromBase64url(new SdJwtStatusList(codes, 2).compressStatusList())!;
		const jws = await signStatusList(claimsFor(lst), key);
		const result = await verifyStatusList(jws, () => key.publicKey);
		if (!result.ok) throw new Error(result.reason);
		for (const [index, status] of vectors)
			expect(statusIn(result.list, numberOf(index)), `index ${index}`).toBe(status);
	});

	it('jose verifies the list’s JWS against a JWKS with the signing key', async () => {
		const { key, jws } = await signedVectors();
		const jwks = createLocalJWKSet({
			keys: [
				{ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: key.kid, x: toBase64url(key.publicKey) }
			]
		});
		const { payload, protectedHeader } = await jwtVerify(jws, jwks, { typ: 'statuslist+jwt' });
		expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'city1' });
		expect(payload.sub).toBe('https://zc.example/api/v1/status-list');
		const other = await keyPair('city1');
		const wrong = createLocalJWKSet({
			keys: [{ kty: 'OKP', crv: 'Ed25519', kid: 'city1', x: toBase64url(other.publicKey) }]
		});
		await expect(jwtVerify(jws, wrong)).rejects.toThrow();
	});
});

describe('signed status list', () => {
	it('verifies with the published key and answers by certificate number', async () => {
		const { key, jws } = await signedVectors();
		const result = await verifyStatusList(jws, (kid) =>
			kid === 'city1' ? key.publicKey : undefined
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.list.kid).toBe('city1');
		expect(result.list.format).toBe('ietf');
		for (const [index, status] of vectors)
			expect(statusIn(result.list, numberOf(index)), `index ${index}`).toBe(status);
		expect(statusIn(result.list, numberOf(124))).toBe('valid');
		expect(statusIn(result.list, numberOf(900_000))).toBe('valid'); // issued after the list
		expect(statusIn(result.list, 'GX2018-JS-01427')).toBe('revoked');
		expect(result.list.claims.issuers['450200']).toMatch(/柳州/);
	});

	it('rejects a changed payload, a foreign key and garbage', async () => {
		const key = await keyPair();
		const other = await keyPair();
		const jws = await signStatusList(claimsFor(deflate(packStatuses([], 64))), key);
		const [h, p, s] = jws.split('.');
		const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
		claims.iat += 86_400;
		const altered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
		expect(await verifyStatusList(altered, () => key.publicKey)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
		expect(await verifyStatusList(jws, () => other.publicKey)).toMatchObject({ ok: false });
		expect(await verifyStatusList(jws, () => undefined)).toEqual({
			ok: false,
			reason: 'unknown-key'
		});
		for (const bad of ['', 'a.b', 'a.b.c', `${h}.${p}`, `${h}.${p}.${s}x`]) {
			expect((await verifyStatusList(bad, () => key.publicKey)).ok, bad).toBe(false);
		}
	});

	it('refuses to inflate a byte array larger than any real list (decompression bomb)', async () => {
		const key = await keyPair();
		const huge = new Uint8Array(5 * 1024 * 1024); // zeros compress to a few KB
		for (const lst of [deflate(huge), gzipSync(huge)]) {
			const jws = await signStatusList(claimsFor(lst), key);
			expect(await verifyStatusList(jws, () => key.publicKey)).toEqual({
				ok: false,
				reason: 'malformed'
			});
		}
	});
});

describe('a cached list of the previous format (GZIP, most significant bit first)', () => {
	// issued by the code before the IETF format; see the fixture's note
	const expected: [string, CertificateStatus][] = [
		[numberOf(0), 'revoked'],
		[numberOf(1), 'notice'],
		[numberOf(2), 'void'],
		[numberOf(3), 'revoked'],
		[numberOf(4), 'notice'],
		[numberOf(5), 'valid'],
		[numberOf(7), 'void'],
		[numberOf(8), 'revoked'],
		[numberOf(123), 'revoked'],
		[numberOf(16_383), 'notice'],
		[numberOf(16_382), 'valid'],
		['GX2018-JS-01427', 'revoked'],
		['GX2019-JS-00001', 'notice']
	];

	it('is recognised by its GZIP stream and still reads every status', async () => {
		const result = await verifyStatusList(legacy.jws, (kid) =>
			kid === legacy.kid ? fromBase64url(legacy.x)! : undefined
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.list.format).toBe('gzip-msb');
		for (const [no, status] of expected) expect(statusIn(result.list, no), no).toBe(status);
	});

	it('was misread by an IETF implementation (why the format changed)', () => {
		const theirs = getListFromStatusListJWT(legacy.jws);
		// index 0 is revoked, index 1 a running notice; read least significant bit first:
		expect([theirs.getStatus(0), theirs.getStatus(1)]).not.toEqual([
			IETF_STATUS_CODE.revoked,
			IETF_STATUS_CODE.notice
		]);
	});
});

describe('browsers without DecompressionStream (Safari before 16.4, older WeChat)', () => {
	const native = globalThis.DecompressionStream;
	afterEach(() => {
		globalThis.DecompressionStream = native;
	});

	it('read the current and the previous format with the inflate library, bombs refused', async () => {
		// @ts-expect-error: removed as in those browsers
		delete globalThis.DecompressionStream;
		expect(typeof globalThis.DecompressionStream).toBe('undefined');
		const { key, jws } = await signedVectors();
		const result = await verifyStatusList(jws, () => key.publicKey);
		if (!result.ok) throw new Error(result.reason);
		for (const [index, status] of vectors)
			expect(statusIn(result.list, numberOf(index)), `index ${index}`).toBe(status);
		const old = await verifyStatusList(legacy.jws, () => fromBase64url(legacy.x)!);
		if (!old.ok) throw new Error(old.reason);
		expect(statusIn(old.list, numberOf(2))).toBe('void');
		expect(statusIn(old.list, numberOf(16_383))).toBe('notice');
		const huge = deflate(new Uint8Array(5 * 1024 * 1024));
		const bomb = await signStatusList(claimsFor(huge), key);
		expect(await verifyStatusList(bomb, () => key.publicKey)).toEqual({
			ok: false,
			reason: 'malformed'
		});
		const truncated = await signStatusList(
			claimsFor(deflate(packStatuses([], SIZE)).slice(0, 9)),
			key
		);
		expect((await verifyStatusList(truncated, () => key.publicKey)).ok).toBe(false);
	});
});

import { getPublicKeyAsync, utils } from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { toBase64url } from './certificate-token.js';
import {
	gzip,
	packStatuses,
	readStatus,
	signStatusList,
	statusIn,
	verifyStatusList,
	type StatusListClaims
} from './status-list.js';

async function keyPair(kid = 'city1') {
	const privateKey = utils.randomSecretKey();
	return { kid, privateKey, publicKey: await getPublicKeyAsync(privateKey) };
}

async function claimsFor(bits: Uint8Array, size: number): Promise<StatusListClaims> {
	return {
		iss: 'https://zc.example',
		sub: 'https://zc.example/api/v1/status-list',
		iat: 1_790_000_000,
		ttl: 300,
		status_list: { bits: 2, lst: toBase64url(await gzip(bits)), size },
		other: { 'GX2018-JS-01427': 3 },
		issuers: { '450200': '柳州市职称改革工作领导小组办公室' }
	};
}

describe('status list bitstring', () => {
	it('packs two bits per certificate, most significant first, and reads them back', () => {
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
		expect(bits[0]).toBe(0b11_01_00_00);
		expect(bits[1]).toBe(0b00_10_00_00);
		expect([0, 1, 2, 3, 4, 5, 4099, 4100].map((i) => readStatus(bits, i))).toEqual([
			3, 1, 0, 0, 0, 2, 3, 0
		]);
		// an index beyond the list (issued after it) reads as "nothing known against it"
		expect(readStatus(bits, 100_000)).toBe(0);
	});

	it('refuses an index outside the declared size', () => {
		expect(() => packStatuses([[16, 'void']], 16)).toThrow(RangeError);
	});
});

describe('signed status list', () => {
	it('verifies with the published key and answers by certificate number', async () => {
		const key = await keyPair();
		const bits = packStatuses([[123, 'revoked']], 4096);
		const jws = await signStatusList(await claimsFor(bits, 4096), key);
		const result = await verifyStatusList(jws, (kid) =>
			kid === 'city1' ? key.publicKey : undefined
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.list.kid).toBe('city1');
		expect(statusIn(result.list, '4502202621000123')).toBe('revoked');
		expect(statusIn(result.list, '4502202621000124')).toBe('valid');
		expect(statusIn(result.list, 'GX2018-JS-01427')).toBe('revoked');
		expect(result.list.claims.issuers['450200']).toMatch(/柳州/);
	});

	it('rejects a changed payload, a foreign key and garbage', async () => {
		const key = await keyPair();
		const other = await keyPair();
		const jws = await signStatusList(await claimsFor(packStatuses([], 64), 64), key);
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

	it('refuses to inflate a bitstring larger than any real list (decompression bomb)', async () => {
		const key = await keyPair();
		const huge = new Uint8Array(5 * 1024 * 1024); // zeros compress to a few KB
		const jws = await signStatusList(await claimsFor(huge, 8), key);
		expect(await verifyStatusList(jws, () => key.publicKey)).toEqual({
			ok: false,
			reason: 'malformed'
		});
	});
});

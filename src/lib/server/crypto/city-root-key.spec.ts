import { getPublicKeyAsync } from '@noble/ed25519';
import { afterEach, describe, expect, it } from 'vitest';
import { PINNED_CITY_ROOT_KEY } from '../../city-root-pin.js';
import { toBase64url } from '../../domain/certificate-token.js';
import { cityRootPublicKey, cityRootSeed, publicKeyOfSeed } from './city-root-key.js';

const saved = { ...process.env };
afterEach(() => {
	for (const name of ['CITY_ROOT_KEY', 'CITY_ROOT_KEY_FILE', 'CITY_ROOT_PUBLIC_KEY'])
		if (saved[name] === undefined) delete process.env[name];
		else process.env[name] = saved[name];
});

describe('city root key', () => {
	it('the build pins the public half of the configured root (here the local key file)', () => {
		expect(PINNED_CITY_ROOT_KEY).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(PINNED_CITY_ROOT_KEY).toBe(publicKeyOfSeed(cityRootSeed()));
	});

	it('takes CITY_ROOT_KEY as base64 or hex, refuses other lengths', async () => {
		const seed = Buffer.alloc(32, 0x2a);
		const expected = toBase64url(await getPublicKeyAsync(new Uint8Array(seed)));
		for (const text of [seed.toString('base64'), seed.toString('hex')]) {
			process.env.CITY_ROOT_KEY = text;
			expect(cityRootPublicKey()).toBe(expected);
		}
		process.env.CITY_ROOT_KEY = Buffer.alloc(16).toString('base64');
		expect(() => cityRootSeed()).toThrow(/32 bytes/);
	});

	it('a build may be given the public key alone', () => {
		process.env.CITY_ROOT_PUBLIC_KEY = 'x'.repeat(43);
		expect(cityRootPublicKey()).toBe('x'.repeat(43));
	});
});

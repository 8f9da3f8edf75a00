/**
 * The city office's root key: an Ed25519 key that signs every office's QR-token key in the
 * published JWKS (as the EU DCC chains document-signing keys to a country key). Its public half
 * is built into the app (vite.config.ts `__CITY_ROOT_KEY__`), so the offline check accepts an
 * office key only when this root signed it, whatever JWKS a verifier happened to fetch.
 *
 * Because the build must know the public key, the root is its own secret, not derived from the
 * master key (which the embedded mode creates at the first start, after the build, and which a
 * build machine should not hold):
 * - CITY_ROOT_KEY: the 32-byte Ed25519 seed as base64 or 64 hex digits (production), or
 *   CITY_ROOT_KEY_FILE: a file holding it;
 * - otherwise `.city-root.key` in the working directory, created at first use (mode 0600) —
 *   a fresh clone's first `npm start` (or test run) creates it before it builds.
 * A build without the secret may be given the public key alone: CITY_ROOT_PUBLIC_KEY
 * (base64url), e.g. in CI building for production.
 *
 * Plain Node (no SvelteKit imports): vite.config.ts imports it.
 */
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_CITY_ROOT_KEY_FILE = '.city-root.key';

function parseSeed(text: string): Buffer {
	const t = text.trim();
	const seed = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
	if (seed.length !== 32)
		throw new Error('CITY_ROOT_KEY must be 32 bytes (base64 or 64 hex digits)');
	return seed;
}

/** The root's private seed (created in the default file when none is configured). */
export function cityRootSeed(): Buffer {
	if (process.env.CITY_ROOT_KEY) return parseSeed(process.env.CITY_ROOT_KEY);
	if (process.env.CITY_ROOT_KEY_FILE)
		return parseSeed(readFileSync(process.env.CITY_ROOT_KEY_FILE, 'utf8'));
	const file = path.resolve(DEFAULT_CITY_ROOT_KEY_FILE);
	if (!existsSync(file)) {
		try {
			writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
			chmodSync(file, 0o600);
		} catch (e) {
			// another process created it first: use theirs
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
	}
	return parseSeed(readFileSync(file, 'utf8'));
}

/** Ed25519 public key (base64url) of a 32-byte seed, with Node's own crypto. */
export function publicKeyOfSeed(seed: Uint8Array): string {
	const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
	const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
	return createPublicKey(key).export({ format: 'jwk' }).x!;
}

/** The public key the build pins (base64url). */
export function cityRootPublicKey(): string {
	return process.env.CITY_ROOT_PUBLIC_KEY?.trim() || publicKeyOfSeed(cityRootSeed());
}

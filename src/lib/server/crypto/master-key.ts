import { randomBytes, hkdfSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The master key protects personal data at rest and the private keys of seals and
 * certificates. Production supplies it in the environment (MASTER_KEY, 32 bytes as base64
 * or hex, or MASTER_KEY_FILE); the embedded mode creates a key file in the data directory.
 */
let cached: Buffer | undefined;

export function parseKey(text: string): Buffer {
	const trimmed = text.trim();
	const key = /^[0-9a-f]{64}$/i.test(trimmed)
		? Buffer.from(trimmed, 'hex')
		: Buffer.from(trimmed, 'base64');
	if (key.length !== 32) throw new Error('MASTER_KEY must be 32 bytes (base64 or 64 hex digits)');
	return key;
}

export function masterKey(): Buffer {
	if (cached) return cached;
	if (process.env.MASTER_KEY) return (cached = parseKey(process.env.MASTER_KEY));
	if (process.env.MASTER_KEY_FILE) {
		return (cached = parseKey(readFileSync(process.env.MASTER_KEY_FILE, 'utf8')));
	}
	if (process.env.DATABASE_URL) {
		throw new Error('MASTER_KEY (or MASTER_KEY_FILE) must be set when DATABASE_URL is used');
	}
	const dir = path.resolve(process.env.DATA_DIR ?? 'data');
	const file = path.join(dir, 'master.key');
	if (!existsSync(file)) {
		mkdirSync(dir, { recursive: true });
		writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
		chmodSync(file, 0o600);
	}
	return (cached = parseKey(readFileSync(file, 'utf8')));
}

/** Independent subkeys per purpose, so one key is never used for two jobs. */
export function deriveKey(purpose: string): Buffer {
	return Buffer.from(hkdfSync('sha256', masterKey(), Buffer.alloc(0), `zhicheng:${purpose}`, 32));
}

/** For tests: forget the cached key so a new MASTER_KEY takes effect. */
export function resetMasterKeyCache(): void {
	cached = undefined;
}

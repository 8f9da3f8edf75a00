import { hash, verify } from '@node-rs/argon2';
import { legacyScheme, verifyLegacy } from './legacy-hash.js';

/** OWASP's argon2id baseline: m=19456 KiB, t=2, p=1. */
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, { ...options, algorithm: 2 /* Argon2id */ });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	// Accounts imported from the earlier platform keep their old hash until the next sign-in.
	if (legacyScheme(stored)) return verifyLegacy(stored, password);
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}

/**
 * Verifying against this keeps the time taken for an unknown account the same as for a
 * wrong password, so response time does not reveal which accounts exist.
 */
let dummy: Promise<string> | undefined;
export async function burnVerification(password: string): Promise<void> {
	dummy ??= hashPassword('zhicheng-dummy-password');
	await verifyPassword(await dummy, password);
}

/**
 * Password hashes of the earlier platform, accepted until the account's next successful sign-in
 * re-hashes the password with argon2id. Documented formats (README "Legacy accounts"):
 *
 * - bcrypt: `$2a$`, `$2b$` or `$2y$` + cost + 53 characters (60 in all), as PHP's
 *   password_hash() and most Java/Node libraries write them. Verified with bcryptjs.
 * - PBKDF2-SHA256, Django's layout: `pbkdf2_sha256$<iterations>$<salt>$<hash>`, where `<hash>`
 *   is the standard base64 of the 32-byte derived key and `<salt>` is used as its UTF-8 text.
 *
 * Anything else (unknown scheme, odd cost, too few iterations) is refused at import.
 */
import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';

const pbkdf2Async = promisify(pbkdf2);

const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const PBKDF2 = /^pbkdf2_sha256\$(\d{1,9})\$([^$]{1,128})\$([A-Za-z0-9+/]{43}=)$/;

export type LegacyScheme = 'bcrypt' | 'pbkdf2_sha256';

/** The scheme of a stored legacy hash, or null when it is not one (argon2id, or garbage). */
export function legacyScheme(stored: string): LegacyScheme | null {
	const b = BCRYPT.exec(stored);
	if (b) return Number(b[1]) >= 4 && Number(b[1]) <= 31 ? 'bcrypt' : null;
	const p = PBKDF2.exec(stored);
	if (p) return Number(p[1]) >= 1000 ? 'pbkdf2_sha256' : null;
	return null;
}

export async function verifyLegacy(stored: string, password: string): Promise<boolean> {
	const scheme = legacyScheme(stored);
	if (scheme === 'bcrypt') {
		// PHP's $2y$ is the same algorithm as $2b$; bcryptjs knows $2a$/$2b$.
		return bcrypt.compare(password, stored.replace(/^\$2y\$/, '$2b$'));
	}
	if (scheme === 'pbkdf2_sha256') {
		const [, iterations, salt, hash] = stored.split('$');
		const expected = Buffer.from(hash, 'base64');
		const actual = await pbkdf2Async(password, salt, Number(iterations), expected.length, 'sha256');
		return actual.length === expected.length && timingSafeEqual(actual, expected);
	}
	return false;
}

/** Test and documentation helper: a Django-style PBKDF2 hash. */
export async function pbkdf2Sha256(password: string, salt: string, iterations: number) {
	const key = await pbkdf2Async(password, salt, iterations, 32, 'sha256');
	return `pbkdf2_sha256$${iterations}$${salt}$${key.toString('base64')}`;
}

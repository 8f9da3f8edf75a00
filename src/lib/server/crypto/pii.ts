import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveKey } from './master-key.js';

/**
 * Field-level encryption of personal data (ID and mobile numbers): AES-256-GCM with a
 * random 96-bit IV, stored as `v1.<base64url iv|ciphertext|tag>`; plus a keyed HMAC
 * ("blind index") so uniqueness and sign-in lookup work without decrypting.
 */
let encKey: Buffer | undefined;
let macKey: Buffer | undefined;

export function encrypt(plain: string): string {
	encKey ??= deriveKey('pii-encryption');
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', encKey, iv);
	const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return 'v1.' + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function decrypt(sealed: string): string {
	encKey ??= deriveKey('pii-encryption');
	if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
	const raw = Buffer.from(sealed.slice(3), 'base64url');
	const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
	decipher.setAuthTag(raw.subarray(raw.length - 16));
	return Buffer.concat([
		decipher.update(raw.subarray(12, raw.length - 16)),
		decipher.final()
	]).toString('utf8');
}

/** Deterministic keyed hash of a normalised value, namespaced by kind. */
export function blindIndex(kind: 'id' | 'mobile' | 'ip' | 'login', normalised: string): string {
	macKey ??= deriveKey('pii-blind-index');
	return createHmac('sha256', macKey).update(`${kind}:${normalised}`).digest('base64url');
}

export function resetPiiKeys(): void {
	encKey = undefined;
	macKey = undefined;
}

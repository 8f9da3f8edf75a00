import { customType } from 'drizzle-orm/pg-core';
import { decrypt, encrypt } from '../../crypto/pii.js';

/** PostgreSQL bytea as Uint8Array (file bytes stored where every instance sees them). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/** Keys whose string values are personal data wherever they stand in an application's content. */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set(['idNumber', 'mobile']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The content as stored: every personal value replaced by `{ "$pii": "v1.…" }` (AES-256-GCM). */
export function sealPersonal(value: unknown, key?: string): unknown {
	if (typeof value === 'string')
		return key && PERSONAL_KEYS.has(key) && value ? { $pii: encrypt(value) } : value;
	if (Array.isArray(value)) return value.map((v) => sealPersonal(v));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sealPersonal(v, k)]));
	return value;
}

/** The content as the code sees it: sealed values opened (plain ones, from before, pass). */
export function openPersonal(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(openPersonal);
	if (value && typeof value === 'object') {
		const o = value as Record<string, unknown>;
		const keys = Object.keys(o);
		if (keys.length === 1 && keys[0] === '$pii' && typeof o.$pii === 'string')
			return decrypt(o.$pii);
		return Object.fromEntries(keys.map((k) => [k, openPersonal(o[k])]));
	}
	return value;
}

/**
 * jsonb whose personal values are encrypted at rest (applications.content: drafts and
 * submitted applications). Code reads and writes plain content; the database never sees an ID
 * or mobile number in clear. Seals sign the hash of the plain content, so they are unaffected.
 */
export const contentWithPersonalData = <T>() =>
	customType<{ data: T; driverData: unknown }>({
		dataType: () => 'jsonb',
		toDriver: (value) => JSON.stringify(sealPersonal(value)),
		fromDriver: (value) =>
			openPersonal(typeof value === 'string' ? (JSON.parse(value) as Json) : value) as T
	});

/**
 * Every QR-token public key ever published, in memory, as node KeyObjects: the server checks
 * signatures with node's native Ed25519 (≈ 0.1 ms) instead of the pure-JS one the browser uses
 * (≈ 1.5 ms). Keys are never deleted, so the ring only grows: an unknown kid reloads it (at
 * most once per RELOAD_MS, so forged kids cannot hammer the database); the status registry's
 * poll reloads it too, which picks up retirements made by other instances.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { fromBase64url } from '../../domain/certificate-token.js';
import type { KeyValidity } from '../../domain/verification.js';
import { issuerCodeOf } from '../certificates/numbering.js';
import { db } from '../db/index.js';
import { certificateTokenKeys, organisations } from '../db/schema/index.js';

export interface RingKey extends KeyValidity {
	kid: string;
	publicKey: Uint8Array;
	keyObject: KeyObject;
	orgId: string;
	orgName: string;
	/** Administrative code the organisation issues under (450200, 4502xx). */
	issuerCode: string;
}

const RELOAD_MS = 10_000;
let keys = new Map<string, RingKey>();
let loading: Promise<void> | undefined;
let loadedAt = 0;

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : undefined);

async function load(): Promise<void> {
	const rows = await db()
		.select({
			kid: certificateTokenKeys.kid,
			publicKey: certificateTokenKeys.publicKey,
			notBefore: certificateTokenKeys.notBefore,
			notAfter: certificateTokenKeys.notAfter,
			retiredAt: certificateTokenKeys.retiredAt,
			orgId: organisations.id,
			orgName: organisations.name,
			orgType: organisations.type,
			orgTier: organisations.tier
		})
		.from(certificateTokenKeys)
		.innerJoin(organisations, eq(organisations.id, certificateTokenKeys.organisationId));
	const next = new Map<string, RingKey>();
	for (const r of rows) {
		const raw = fromBase64url(r.publicKey);
		if (!raw || raw.length !== 32) continue;
		next.set(r.kid, {
			kid: r.kid,
			publicKey: raw,
			keyObject: createPublicKey({
				key: { kty: 'OKP', crv: 'Ed25519', x: r.publicKey },
				format: 'jwk'
			}),
			orgId: r.orgId,
			orgName: r.orgName,
			issuerCode: issuerCodeOf({ type: r.orgType, tier: r.orgTier }),
			nbf: seconds(r.notBefore),
			exp: seconds(r.notAfter),
			retired: seconds(r.retiredAt)
		});
	}
	keys = next;
	loadedAt = Date.now();
}

function reload(): Promise<void> {
	loading ??= load().finally(() => (loading = undefined));
	return loading;
}

/** The key with this id; reloads the ring (rate-limited) when it is not known yet. */
export async function resolveKey(kid: string): Promise<RingKey | undefined> {
	const key = keys.get(kid);
	if (key) return key;
	if (loadedAt === 0 || Date.now() - loadedAt > RELOAD_MS) await reload();
	return keys.get(kid);
}

/** Every key (for the issuers' names in the status list). */
export async function allKeys(): Promise<RingKey[]> {
	if (loadedAt === 0) await reload();
	return [...keys.values()];
}

/** Forget everything (tests, and after a rotation in this process). */
export function resetKeyRing(): void {
	keys = new Map();
	loadedAt = 0;
}

/** Reload now, e.g. right after a rotation or retirement in this process. */
export function refreshKeyRing(): Promise<void> {
	return reload();
}

export function verifySignature(key: RingKey, message: Uint8Array, signature: Uint8Array) {
	try {
		return verify(null, message, key.keyObject, signature);
	} catch {
		return false;
	}
}

/** Issuing offices by administrative code, from the organisations that own keys. */
export async function issuerNames(): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const k of await allKeys()) out[k.issuerCode] ??= k.orgName;
	return out;
}

/**
 * Issuing organisations' keys in the database:
 * - Ed25519 token keys (certificate_token_keys): created at first use; rotation retires the
 *   current key (it signs nothing new) and every key ever used stays published in the JWKS with
 *   its validity, so old certificates keep verifying.
 * - X.509 identities for PDF signatures (certificate_signing_identities): in demo mode (embedded
 *   database, or CERTIFICATE_DEMO_CA=true) generated at first use under a generated
 *   "Zhicheng Demo CA — not for production"; in production imported by the city office
 *   (import-identity.ts). Without one, issuing still works; only the PDF download says so.
 *
 * Private keys are wrapped (AES-256-GCM, crypto/key-wrap.ts) under keys derived from the master key,
 * with the row's identity bound as associated data. Unwrapped keys are cached per process.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import * as pkijs from 'pkijs';
import { AppError } from '../../domain/errors.js';
import { fromBase64url, toBase64url } from '../../domain/certificate-token.js';
import { isUuid } from '../../domain/ids.js';
import type { Actor } from '../../domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { now } from '../clock.js';
import { attestKey } from './city-root.js';
import { deriveKey } from '../crypto/master-key.js';
import { db, type Tx } from '../db/index.js';
import {
	certificateSigningIdentities,
	certificateTokenKeys,
	organisations
} from '../db/schema/index.js';
import {
	generateDemoCa,
	generateTokenKey,
	issueOrgCertificate,
	toPem,
	tokenPublicJwk,
	unwrapPrivateKey,
	wrapPrivateKey,
	type KeyAndCertificate,
	type OrgSigningIdentity
} from './keys.js';

export interface TokenSigningKey {
	kid: string;
	privateKey: Uint8Array;
	publicKey: Uint8Array;
}

const TOKEN_PURPOSE = 'certificate-token-keys';
const SIGNING_PURPOSE = 'certificate-signing-keys';

/** Demo identities are generated on demand unless a real PostgreSQL is configured for production. */
export function demoCaAllowed(): boolean {
	if (process.env.CERTIFICATE_DEMO_CA === 'false') return false;
	return !process.env.DATABASE_URL || process.env.CERTIFICATE_DEMO_CA === 'true';
}

const tokenKeyCache = new Map<string, TokenSigningKey>();
const identityCache = new Map<string, OrgSigningIdentity>();

/** For tests: forget unwrapped keys (e.g. after the master key changed). */
export function clearKeyCache(): void {
	tokenKeyCache.clear();
	identityCache.clear();
}

/**
 * Serialises key creation per organisation (two first issuances at once create one key).
 * NO KEY UPDATE, not UPDATE: concurrent transactions already hold KEY SHARE on the row through
 * their foreign keys (steps, certificates), and UPDATE would deadlock with them.
 */
async function lockOrganisation(tx: Tx, organisationId: string): Promise<void> {
	const [org] = await tx
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.id, organisationId))
		.for('no key update');
	if (!org) throw new AppError('NOT_FOUND');
}

async function unwrapTokenKey(row: typeof certificateTokenKeys.$inferSelect) {
	const cached = tokenKeyCache.get(row.kid);
	if (cached) return cached;
	const privateKey = await unwrapPrivateKey(
		Buffer.from(row.privateKeyEnc, 'base64'),
		deriveKey(TOKEN_PURPOSE),
		`token:${row.kid}`
	);
	const key = { kid: row.kid, privateKey, publicKey: fromBase64url(row.publicKey)! };
	tokenKeyCache.set(row.kid, key);
	return key;
}

async function currentTokenRow(tx: Tx, organisationId: string) {
	const [row] = await tx
		.select()
		.from(certificateTokenKeys)
		.where(
			and(
				eq(certificateTokenKeys.organisationId, organisationId),
				isNull(certificateTokenKeys.retiredAt)
			)
		)
		.orderBy(desc(certificateTokenKeys.notBefore))
		.limit(1);
	return row;
}

async function createTokenKey(tx: Tx, organisationId: string): Promise<TokenSigningKey> {
	const key = await generateTokenKey();
	const wrapped = await wrapPrivateKey(
		key.privateKey,
		deriveKey(TOKEN_PURPOSE),
		`token:${key.kid}`
	);
	await tx.insert(certificateTokenKeys).values({
		kid: key.kid,
		organisationId,
		publicKey: toBase64url(key.publicKey),
		privateKeyEnc: Buffer.from(wrapped).toString('base64'),
		notBefore: now()
	});
	tokenKeyCache.set(key.kid, key);
	return key;
}

/** The organisation's current token key, created (under a row lock) at first use. */
export async function tokenKeyFor(tx: Tx, organisationId: string): Promise<TokenSigningKey> {
	const row = await currentTokenRow(tx, organisationId);
	if (row) return unwrapTokenKey(row);
	await lockOrganisation(tx, organisationId);
	const again = await currentTokenRow(tx, organisationId);
	return again ? unwrapTokenKey(again) : createTokenKey(tx, organisationId);
}

/** Retires the current token key and creates the next one; returns the new kid. */
export async function rotateTokenKey(tx: Tx, organisationId: string): Promise<string> {
	await lockOrganisation(tx, organisationId);
	const at = now();
	await tx
		.update(certificateTokenKeys)
		.set({ retiredAt: at })
		.where(
			and(
				eq(certificateTokenKeys.organisationId, organisationId),
				isNull(certificateTokenKeys.retiredAt)
			)
		);
	return (await createTokenKey(tx, organisationId)).kid;
}

/** Public key of any token key ever issued (retired ones included), for verification. */
export async function tokenPublicKey(tx: Tx, kid: string): Promise<Uint8Array | undefined> {
	if (kid.length > 64) return undefined;
	const cached = tokenKeyCache.get(kid);
	if (cached) return cached.publicKey;
	const [row] = await tx
		.select({ publicKey: certificateTokenKeys.publicKey })
		.from(certificateTokenKeys)
		.where(eq(certificateTokenKeys.kid, kid));
	return row ? (fromBase64url(row.publicKey) ?? undefined) : undefined;
}

/**
 * Every token key with its validity, oldest first: the published JWKS. Each key carries `att`,
 * the city root's signature over its statement (kid, key, organisation, validity), which the
 * offline check requires (domain/key-attestation.ts).
 */
export async function publicJwks(tx: Tx) {
	const rows = await tx
		.select()
		.from(certificateTokenKeys)
		.orderBy(asc(certificateTokenKeys.notBefore), asc(certificateTokenKeys.kid));
	const keys = [];
	for (const r of rows) {
		const jwk = {
			...tokenPublicJwk(
				{ kid: r.kid, publicKey: fromBase64url(r.publicKey)! },
				{ notBefore: r.notBefore, notAfter: r.notAfter ?? undefined }
			),
			/** Organisation that signs with it, so a verifier can name the issuer. */
			org: r.organisationId,
			...(r.retiredAt ? { retired: Math.floor(r.retiredAt.getTime() / 1000) } : {})
		};
		const { kid, x, org, nbf, exp, retired } = jwk as typeof jwk & {
			exp?: number;
			retired?: number;
		};
		keys.push({ ...jwk, att: await attestKey({ kid, x, org, nbf, exp, retired }) });
	}
	return { keys };
}

// ---------------------------------------------------------------- X.509 identities

function pemChain(ders: Uint8Array[]): string {
	return ders.map((d) => toPem(d, 'CERTIFICATE')).join('');
}

export function parsePemCertificates(pem: string): Uint8Array[] {
	const out: Uint8Array[] = [];
	const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
	for (const m of pem.matchAll(re)) {
		out.push(new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
	}
	return out;
}

function validity(der: Uint8Array) {
	const cert = pkijs.Certificate.fromBER(der as Uint8Array<ArrayBuffer>);
	const cn = cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
	return {
		subject: cn ? String(cn.value.valueBlock.value) : '',
		notBefore: cert.notBefore.value,
		notAfter: cert.notAfter.value
	};
}

async function wrapSigningKey(pkcs8: Uint8Array, id: string): Promise<string> {
	const blob = await wrapPrivateKey(pkcs8, deriveKey(SIGNING_PURPOSE), `identity:${id}`);
	return Buffer.from(blob).toString('base64');
}

async function unwrapSigningKey(row: typeof certificateSigningIdentities.$inferSelect) {
	return unwrapPrivateKey(
		Buffer.from(row.privateKeyEnc, 'base64'),
		deriveKey(SIGNING_PURPOSE),
		`identity:${row.id}`
	);
}

/** Stores an identity (demo CA, demo org certificate or imported one), retiring the previous. */
export async function storeIdentity(
	tx: Tx,
	p: {
		kind: 'demoCa' | 'org';
		organisationId: string | null;
		source: 'demo' | 'imported';
		identity: KeyAndCertificate & { chain?: Uint8Array[] };
	}
): Promise<string> {
	const id = crypto.randomUUID();
	const v = validity(p.identity.certificate);
	if (p.organisationId) {
		await tx
			.update(certificateSigningIdentities)
			.set({ retiredAt: now() })
			.where(
				and(
					eq(certificateSigningIdentities.organisationId, p.organisationId),
					isNull(certificateSigningIdentities.retiredAt)
				)
			);
	}
	await tx.insert(certificateSigningIdentities).values({
		id,
		kind: p.kind,
		organisationId: p.organisationId,
		source: p.source,
		certificate: p.identity.certificate,
		chainPem: pemChain(p.identity.chain ?? []),
		privateKeyEnc: await wrapSigningKey(p.identity.privateKey, id),
		subject: v.subject,
		notBefore: v.notBefore,
		notAfter: v.notAfter
	});
	identityCache.clear();
	return id;
}

async function demoCa(tx: Tx): Promise<KeyAndCertificate> {
	const [row] = await tx
		.select()
		.from(certificateSigningIdentities)
		.where(eq(certificateSigningIdentities.kind, 'demoCa'))
		.orderBy(desc(certificateSigningIdentities.createdAt))
		.limit(1);
	if (row) return { certificate: row.certificate, privateKey: await unwrapSigningKey(row) };
	const ca = await generateDemoCa();
	await storeIdentity(tx, { kind: 'demoCa', organisationId: null, source: 'demo', identity: ca });
	return ca;
}

async function currentIdentityRow(tx: Tx, organisationId: string) {
	const [row] = await tx
		.select()
		.from(certificateSigningIdentities)
		.where(
			and(
				eq(certificateSigningIdentities.organisationId, organisationId),
				isNull(certificateSigningIdentities.retiredAt)
			)
		)
		.orderBy(desc(certificateSigningIdentities.createdAt))
		.limit(1);
	return row;
}

/**
 * The organisation's PDF-signing identity. In demo mode one is generated under the demo CA at
 * first use; otherwise a missing identity is a clear error for the city office to fix.
 */
export async function signingIdentityFor(
	tx: Tx,
	organisationId: string
): Promise<OrgSigningIdentity & { source: 'demo' | 'imported' }> {
	let row = await currentIdentityRow(tx, organisationId);
	if (!row) {
		if (!demoCaAllowed()) throw new AppError('CERTIFICATE_NO_SIGNING_IDENTITY');
		await lockOrganisation(tx, organisationId);
		row = await currentIdentityRow(tx, organisationId);
		if (!row) {
			const [org] = await tx
				.select({ name: organisations.name })
				.from(organisations)
				.where(eq(organisations.id, organisationId));
			const identity = await issueOrgCertificate(await demoCa(tx), org.name);
			await storeIdentity(tx, { kind: 'org', organisationId, source: 'demo', identity });
			row = (await currentIdentityRow(tx, organisationId))!;
		}
	}
	const cached = identityCache.get(row.id);
	if (cached) return { ...cached, source: row.source };
	const identity: OrgSigningIdentity = {
		certificate: row.certificate,
		privateKey: await unwrapSigningKey(row),
		chain: parsePemCertificates(row.chainPem)
	};
	identityCache.set(row.id, identity);
	return { ...identity, source: row.source };
}

/** The city office rotates an issuing office's token key; audited. */
export async function rotateTokenKeyAs(actor: Actor, organisationId: string): Promise<string> {
	await authorize(actor, 'certificate.keys', { type: 'platform' });
	if (!isUuid(organisationId)) throw new AppError('NOT_FOUND');
	return db().transaction(async (tx) => {
		const kid = await rotateTokenKey(tx, organisationId);
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: 'certificate.key.rotate',
			objectType: 'organisation',
			objectId: organisationId,
			result: 'ok',
			detail: { kid }
		});
		return kid;
	});
}

import {
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	randomBytes,
	type KeyObject,
	sign,
	verify
} from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { canonical } from '../audit/record.js';
import { decrypt, encrypt } from '../crypto/pii.js';
import type { Tx } from '../db/index.js';
import { sealKeys } from '../db/schema/index.js';

export interface Seal {
	kid: string;
	/** base64url Ed25519 signature */
	signature: string;
	/** The exact text signed (canonical JSON). */
	signed: string;
}

/** Decrypted and parsed private keys by kid and ciphertext: decrypting and parsing cost more than the signature. */
const privateKeys = new Map<string, KeyObject>();

function privateKeyOf(kid: string, privateKeyEnc: string): KeyObject {
	const id = `${kid}:${privateKeyEnc}`;
	let key = privateKeys.get(id);
	if (!key) privateKeys.set(id, (key = createPrivateKey(decrypt(privateKeyEnc))));
	return key;
}

/** The organisation's current seal key, created on first use; private key encrypted at rest. */
async function currentKey(
	tx: Tx,
	organisationId: string
): Promise<{ kid: string; privateKey: KeyObject }> {
	const [row] = await tx
		.select({ kid: sealKeys.kid, privateKeyEnc: sealKeys.privateKeyEnc })
		.from(sealKeys)
		.where(and(eq(sealKeys.organisationId, organisationId), isNull(sealKeys.retiredAt)))
		.limit(1);
	if (row) return { kid: row.kid, privateKey: privateKeyOf(row.kid, row.privateKeyEnc) };
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const kid = `seal-${randomBytes(6).toString('hex')}`;
	const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	await tx.insert(sealKeys).values({
		kid,
		organisationId,
		publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
		privateKeyEnc: encrypt(privateKeyPem)
	});
	return { kid, privateKey };
}

/**
 * Seals a review step: an Ed25519 signature over the application's content hash, the step's
 * organisation, reviewer, time, event and opinion. Changing the application afterwards changes
 * its content hash, so the seal no longer matches.
 */
export async function sealStep(
	tx: Tx,
	step: {
		organisationId: string;
		reviewerId: string;
		applicationId: string;
		contentHash: string;
		event: string;
		opinion: string;
		at: Date;
	},
	key?: { kid: string; privateKey: KeyObject }
): Promise<Seal> {
	return signStep(key ?? (await sealKeyOf(tx, step.organisationId)), step);
}

/** The organisation's current seal key (read before the seal is needed, to save a round trip). */
export const sealKeyOf = currentKey;

function signStep(
	key: { kid: string; privateKey: KeyObject },
	step: Parameters<typeof sealStep>[1]
): Seal {
	const signed = canonical({ ...step, at: step.at.toISOString() });
	const signature = sign(null, Buffer.from(signed), key.privateKey).toString('base64url');
	return { kid: key.kid, signature, signed };
}

/** Checks a seal against the organisation's (possibly retired) public key and the current content. */
export async function verifySeal(tx: Tx, seal: Seal, currentContentHash: string): Promise<boolean> {
	const [row] = await tx.select().from(sealKeys).where(eq(sealKeys.kid, seal.kid));
	if (!row) return false;
	const publicKey = createPublicKey({
		key: Buffer.from(row.publicKey, 'base64'),
		format: 'der',
		type: 'spki'
	});
	const ok = verify(
		null,
		Buffer.from(seal.signed),
		publicKey,
		Buffer.from(seal.signature, 'base64url')
	);
	const signed = JSON.parse(seal.signed) as { contentHash?: string };
	return ok && signed.contentHash === currentContentHash;
}

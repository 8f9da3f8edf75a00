/**
 * Production signing identities: the city office imports an issuing office's certificate and
 * private key from a real CA, either as a PEM pair (certificate first, then its CA chain; an
 * unencrypted or passphrase-protected PKCS#8/PKCS#1 key) or as a PKCS#12 (.p12/.pfx) file.
 *
 * PKCS#12 is parsed with pkijs (PBES2 with PBKDF2 + AES, as OpenSSL 3 and current CA tools
 * export). Files using the legacy RC2/3DES PKCS#12 encryption are refused with a clear message:
 * re-export them with `openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export ...`.
 * Certificate bytes are kept exactly as the CA issued them (never re-encoded).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { eq } from 'drizzle-orm';
import { AppError, isAppError } from '../../domain/errors.js';
import type { Actor } from '../../domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { organisations } from '../db/schema/index.js';
import { checkEncryptedKeyCost, kdfBudget, type KdfBudget } from './kdf-cost.js';
import { parsePemCertificates, storeIdentity } from './token-keys.js';
import './keys.js'; // sets the pkijs crypto engine

export interface ImportedIdentity {
	certificate: Uint8Array;
	privateKey: Uint8Array;
	chain: Uint8Array[];
}

const bad = (message: string) => new AppError('VALIDATION', { file: message }, message);

/** Checks the pair and its usefulness for PDF signatures; returns the subject CN. */
export function checkIdentity(identity: ImportedIdentity, at: Date = now()): string {
	let cert: X509Certificate;
	try {
		cert = new X509Certificate(identity.certificate);
	} catch {
		throw bad('无法读取证书，请确认文件是 PEM 或 PKCS#12 格式的签名证书。');
	}
	const key = createPrivateKey({
		key: Buffer.from(identity.privateKey),
		format: 'der',
		type: 'pkcs8'
	});
	if (key.asymmetricKeyType !== 'rsa')
		throw bad('目前只支持 RSA 签名证书，请向 CA 申请 RSA 证书。');
	if (!cert.checkPrivateKey(key)) throw bad('私钥与证书不匹配，请确认导入的是同一套证书和私钥。');
	if (new Date(cert.validTo) < at) throw bad('证书已过期，请导入有效期内的证书。');
	if (new Date(cert.validFrom) > at) throw bad('证书尚未生效，请在生效后再导入。');
	const cn = /CN=([^\n]+)/.exec(cert.subject)?.[1];
	return cn ?? cert.subject;
}

/** A PEM certificate file (certificate, then chain) and a PEM private key. */
export function parsePemPair(
	certPem: string,
	keyPem: string,
	passphrase?: string
): ImportedIdentity {
	const certs = parsePemCertificates(certPem);
	if (certs.length === 0) throw bad('证书文件中没有找到 PEM 证书（-----BEGIN CERTIFICATE-----）。');
	const encrypted =
		/-----BEGIN ENCRYPTED PRIVATE KEY-----([\s\S]*?)-----END ENCRYPTED PRIVATE KEY-----/.exec(
			keyPem
		);
	if (encrypted) checkEncryptedKeyCost(new Uint8Array(Buffer.from(encrypted[1], 'base64')));
	let privateKey: Uint8Array;
	try {
		const key = createPrivateKey({
			key: keyPem,
			format: 'pem',
			passphrase: passphrase || undefined
		});
		privateKey = new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
	} catch {
		throw bad('无法读取私钥：请确认是 PEM 格式，且口令正确。');
	}
	return { certificate: certs[0], privateKey, chain: certs.slice(1) };
}

/** A PKCS#12 file: the key's certificate (matched by key), the rest as its chain. */
export async function parsePkcs12(bytes: Uint8Array, password: string): Promise<ImportedIdentity> {
	const pw = new TextEncoder().encode(password).buffer as ArrayBuffer;
	const certs: Uint8Array[] = [];
	const keys: Uint8Array[] = [];
	const budget = kdfBudget();
	try {
		const pfx = pkijs.PFX.fromBER(bytes.slice().buffer as ArrayBuffer);
		checkPkcs12Cost(pfx, budget); // before the MAC or any decryption derives a key
		await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
		const safe = pfx.parsedValue?.authenticatedSafe;
		if (!safe) throw new Error('no authenticated safe');
		await safe.parseInternalValues({
			safeContents: safe.safeContents.map(() => ({ password: pw }))
		});
		for (const contents of safe.parsedValue.safeContents) {
			for (const bag of contents.value.safeBags) {
				if (bag.bagValue instanceof pkijs.CertBag) {
					const der = (bag.bagValue.certValue as asn1js.OctetString).valueBlock.valueHexView;
					certs.push(new Uint8Array(der));
				} else if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
					// Inside an encrypted safe this bag was not visible to checkPkcs12Cost.
					if (contents.privacyMode !== 0) budget.algorithm(bag.bagValue.encryptionAlgorithm);
					await bag.bagValue.parseInternalValues({ password: pw });
					keys.push(new Uint8Array(bag.bagValue.parsedValue!.toSchema().toBER(false)));
				} else if (bag.bagValue instanceof pkijs.PrivateKeyInfo) {
					keys.push(new Uint8Array(bag.bagValue.toSchema().toBER(false)));
				}
			}
		}
	} catch (e) {
		if (isAppError(e)) throw e;
		throw bad(
			'无法打开 PKCS#12 文件：口令错误，或文件使用了旧式加密（请用 OpenSSL 3 重新导出后再导入）。'
		);
	}
	if (keys.length !== 1 || certs.length === 0)
		throw bad('PKCS#12 文件中应恰好包含一个私钥及其证书。');
	const key = createPrivateKey({ key: Buffer.from(keys[0]), format: 'der', type: 'pkcs8' });
	const own = certs.findIndex((c) => {
		try {
			return new X509Certificate(c).checkPrivateKey(key);
		} catch {
			return false;
		}
	});
	if (own < 0) throw bad('私钥与证书不匹配，请确认导入的是同一套证书和私钥。');
	return {
		certificate: certs[own],
		privateKey: keys[0],
		chain: certs.filter((_, i) => i !== own)
	};
}

const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';

/**
 * Every key derivation the file asks for that can be seen without the password: the MAC, each
 * encrypted safe, and each shrouded key in a plain safe (the usual layout).
 */
function checkPkcs12Cost(pfx: pkijs.PFX, budget: KdfBudget): void {
	if (pfx.authSafe.contentType !== pkijs.ContentInfo.DATA) return; // pkijs refuses the rest
	if (pfx.macData) budget.spend(pfx.macData.iterations ?? 1);
	const content = pfx.authSafe.content as asn1js.OctetString;
	const authSafe = pkijs.AuthenticatedSafe.fromBER(content.getValue());
	for (const info of authSafe.safeContents) {
		if (info.contentType === ENCRYPTED_DATA) {
			const encrypted = new pkijs.EncryptedData({ schema: info.content });
			budget.algorithm(encrypted.encryptedContentInfo.contentEncryptionAlgorithm);
		} else if (info.contentType === pkijs.ContentInfo.DATA) {
			const safe = pkijs.SafeContents.fromBER((info.content as asn1js.OctetString).getValue());
			for (const bag of safe.safeBags) {
				if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag)
					budget.algorithm(bag.bagValue.encryptionAlgorithm);
			}
		}
	}
}

/** Stores an imported identity for an issuing office (retiring the previous one); audited. */
export async function importSigningIdentity(
	actor: Actor,
	organisationId: string,
	identity: ImportedIdentity
): Promise<{ subject: string }> {
	await authorize(actor, 'certificate.keys', { type: 'platform' });
	const subject = checkIdentity(identity);
	const [org] = await db()
		.select({ id: organisations.id, type: organisations.type })
		.from(organisations)
		.where(eq(organisations.id, organisationId));
	if (!org || (org.type !== 'cityOffice' && org.type !== 'countyOffice'))
		throw new AppError('VALIDATION', { organisationId: '请选择发证单位（市或县区职改办）' });
	await db().transaction(async (tx) => {
		const id = await storeIdentity(tx, {
			kind: 'org',
			organisationId,
			source: 'imported',
			identity
		});
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: 'certificate.identity.import',
			objectType: 'organisation',
			objectId: organisationId,
			result: 'ok',
			detail: { identityId: id, subject }
		});
	});
	return { subject };
}

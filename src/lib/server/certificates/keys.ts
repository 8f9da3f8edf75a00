/**
 * Keys of an issuing organisation:
 * - an Ed25519 key pair for QR tokens (raw 32-byte keys, see certificate-token.ts), and
 * - an RSA-2048 key with an X.509 certificate for PDF signatures. In demo/embedded mode the
 *   certificate is issued by a generated CA that says in its own name that it is a demo;
 *   in production the certificate comes from a real CA instead.
 *
 * Certificates are built with pkijs, writing non-ASCII names as UTF8String. (node-forge
 * re-encodes already UTF-8 names in the issuer field, so NSS/pdfsig cannot chain a Chinese
 * issuer name.) The issuer of an organisation's certificate is copied byte for byte from the
 * CA certificate's subject.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { getPublicKeyAsync, utils as ed25519 } from '@noble/ed25519';
import { toBase64url } from '../../domain/certificate-token.js';

export { wrapPrivateKey, unwrapPrivateKey } from '../crypto/key-wrap.js';

pkijs.setEngine(
	'webcrypto',
	new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto })
);

export const DEMO_CA_NAME = 'Zhicheng Demo CA — not for production';

/** DER certificate and PKCS#8 DER private key. */
export interface KeyAndCertificate {
	certificate: Uint8Array;
	privateKey: Uint8Array;
}

export interface OrgSigningIdentity extends KeyAndCertificate {
	/** Issuer certificates, nearest first (DER). */
	chain: Uint8Array[];
}

const RSA: RsaHashedKeyGenParams = {
	name: 'RSASSA-PKCS1-v1_5',
	modulusLength: 2048,
	publicExponent: new Uint8Array([1, 0, 1]),
	hash: 'SHA-256'
};
const OID = {
	country: '2.5.4.6',
	org: '2.5.4.10',
	unit: '2.5.4.11',
	commonName: '2.5.4.3',
	basicConstraints: '2.5.29.19',
	keyUsage: '2.5.29.15',
	subjectKeyId: '2.5.29.14',
	authorityKeyId: '2.5.29.35'
};

export async function generateDemoCa(validYears = 10): Promise<KeyAndCertificate> {
	const keys = await generateRsa();
	const subject = distinguishedName([
		[OID.country, 'CN'],
		[OID.org, 'Zhicheng (demo)'],
		[OID.commonName, DEMO_CA_NAME]
	]);
	const cert = await buildCertificate({
		subject,
		issuer: subject,
		publicKey: keys.publicKey,
		signingKey: keys.privateKey,
		validYears,
		ca: true
	});
	return { certificate: cert, privateKey: await exportPkcs8(keys.privateKey) };
}

/** An organisation's PDF-signing certificate, e.g. CN=柳州市职称改革工作领导小组办公室. */
export async function issueOrgCertificate(
	ca: KeyAndCertificate,
	orgName: string,
	validYears = 3
): Promise<OrgSigningIdentity> {
	const caCert = pkijs.Certificate.fromBER(ca.certificate as Uint8Array<ArrayBuffer>);
	const keys = await generateRsa();
	const cert = await buildCertificate({
		subject: distinguishedName([
			[OID.country, 'CN'],
			[OID.org, orgName],
			[OID.commonName, orgName]
		]),
		issuer: caCert.subject,
		publicKey: keys.publicKey,
		signingKey: await importRsaPrivateKey(ca.privateKey),
		validYears,
		ca: false,
		authorityKeyId: await keyId(caCert)
	});
	return {
		certificate: cert,
		privateKey: await exportPkcs8(keys.privateKey),
		chain: [ca.certificate]
	};
}

export function importRsaPrivateKey(pkcs8: Uint8Array): Promise<CryptoKey> {
	return crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, RSA, false, ['sign']);
}

export function toPem(der: Uint8Array, label: 'CERTIFICATE' | 'PRIVATE KEY'): string {
	const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
	return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** A fresh Ed25519 key pair for QR tokens; `kid` defaults to 8 random base64url characters. */
export async function generateTokenKey(kid?: string) {
	const privateKey = ed25519.randomSecretKey();
	const publicKey = await getPublicKeyAsync(privateKey);
	return {
		kid: kid ?? toBase64url(crypto.getRandomValues(new Uint8Array(6))),
		privateKey,
		publicKey
	};
}

/** The public half as a JWK for the published key set, with its validity in seconds. */
export function tokenPublicJwk(
	key: { kid: string; publicKey: Uint8Array },
	validity: { notBefore: Date; notAfter?: Date }
) {
	return {
		kty: 'OKP',
		crv: 'Ed25519',
		alg: 'EdDSA',
		use: 'sig',
		kid: key.kid,
		x: toBase64url(key.publicKey),
		nbf: Math.floor(validity.notBefore.getTime() / 1000),
		...(validity.notAfter ? { exp: Math.floor(validity.notAfter.getTime() / 1000) } : {})
	};
}

async function generateRsa(): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
}

async function exportPkcs8(key: CryptoKey): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** One attribute per RDN (pkijs would put them all into a single multi-valued RDN). */
function distinguishedName(parts: [string, string][]): pkijs.RelativeDistinguishedNames {
	const rdns = parts.map(([type, value]) => {
		const text = PRINTABLE.test(value)
			? new asn1js.PrintableString({ value })
			: new asn1js.Utf8String({ value });
		const atv = new pkijs.AttributeTypeAndValue({ type, value: text });
		return new asn1js.Set({ value: [atv.toSchema()] });
	});
	return pkijs.RelativeDistinguishedNames.fromBER(
		new asn1js.Sequence({ value: rdns }).toBER(false)
	);
}

async function keyId(cert: pkijs.Certificate): Promise<Uint8Array> {
	const spk = cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
	return new Uint8Array(await crypto.subtle.digest('SHA-1', spk as BufferSource));
}

interface CertificateSpec {
	subject: pkijs.RelativeDistinguishedNames;
	issuer: pkijs.RelativeDistinguishedNames;
	publicKey: CryptoKey;
	signingKey: CryptoKey;
	validYears: number;
	ca: boolean;
	authorityKeyId?: Uint8Array;
}

async function buildCertificate(spec: CertificateSpec): Promise<Uint8Array> {
	const cert = new pkijs.Certificate();
	cert.version = 2;
	const serial = crypto.getRandomValues(new Uint8Array(16));
	serial[0] = (serial[0] & 0x7f) | 0x40;
	cert.serialNumber = new asn1js.Integer({ valueHex: serial });
	cert.subject = spec.subject;
	cert.issuer = spec.issuer;
	const now = new Date();
	cert.notBefore.value = new Date(now.getTime() - 3_600_000);
	cert.notAfter.value = new Date(now.getTime() + spec.validYears * 365.25 * 86_400_000);
	await cert.subjectPublicKeyInfo.importKey(spec.publicKey);
	const usage = spec.ca ? [0x06, 1] : [0xc0, 6]; // keyCertSign+cRLSign | digitalSignature+nonRepudiation
	cert.extensions = [
		extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: spec.ca }).toSchema()),
		extension(
			OID.keyUsage,
			true,
			new asn1js.BitString({ valueHex: new Uint8Array([usage[0]]), unusedBits: usage[1] })
		),
		extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: await keyId(cert) }))
	];
	if (spec.authorityKeyId) {
		const aki = new pkijs.AuthorityKeyIdentifier({
			keyIdentifier: new asn1js.OctetString({ valueHex: spec.authorityKeyId })
		});
		cert.extensions.push(extension(OID.authorityKeyId, false, aki.toSchema()));
	}
	await cert.sign(spec.signingKey, 'SHA-256');
	return new Uint8Array(cert.toSchema(true).toBER(false));
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock) {
	return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

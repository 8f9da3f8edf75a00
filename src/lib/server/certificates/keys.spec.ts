import { describe, it, expect } from 'vitest';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { encodeAndSign, verifyToken } from '../../domain/certificate-token.js';
import {
	DEMO_CA_NAME,
	generateDemoCa,
	generateTokenKey,
	issueOrgCertificate,
	toPem,
	tokenPublicJwk,
	unwrapPrivateKey,
	wrapPrivateKey
} from './keys.js';

const ORG = '柳州市职称改革工作领导小组办公室';

describe('demo CA and organisation certificates', () => {
	it('issues a certificate with a UTF8String Chinese subject, chained byte-exactly to the demo CA', async () => {
		const ca = await generateDemoCa();
		const org = await issueOrgCertificate(ca, ORG);
		const caCert = pkijs.Certificate.fromBER(ca.certificate as Uint8Array<ArrayBuffer>);
		const cert = pkijs.Certificate.fromBER(org.certificate as Uint8Array<ArrayBuffer>);
		const cn = cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3')!;
		expect(cn.value).toBeInstanceOf(asn1js.Utf8String);
		expect(cn.value.valueBlock.value).toBe(ORG);
		expect(Buffer.from(cert.issuer.toSchema().toBER(false))).toEqual(
			Buffer.from(caCert.subject.toSchema().toBER(false))
		);
		expect(cert.subject.typesAndValues).toHaveLength(3); // one attribute per RDN
		expect(await cert.verify(caCert)).toBe(true);
		expect(String(caCert.subject.typesAndValues.at(-1)!.value.valueBlock.value)).toBe(DEMO_CA_NAME);
		expect(DEMO_CA_NAME).toMatch(/not for production/);
		expect(org.chain).toEqual([ca.certificate]);
		expect(toPem(org.certificate, 'CERTIFICATE')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
	});
});

describe('private keys at rest', () => {
	const master = crypto.getRandomValues(new Uint8Array(32));
	const secret = crypto.getRandomValues(new Uint8Array(1200));

	it('round-trips under the master key and context, with a fresh IV each time', async () => {
		const a = await wrapPrivateKey(secret, master, 'org:1/pdf');
		const b = await wrapPrivateKey(secret, master, 'org:1/pdf');
		expect(Buffer.from(a)).not.toEqual(Buffer.from(b));
		expect(Buffer.from(a).includes(Buffer.from(secret.subarray(0, 16)))).toBe(false);
		expect(await unwrapPrivateKey(a, master, 'org:1/pdf')).toEqual(secret);
	});

	it('refuses a wrong master key, another context or a flipped byte', async () => {
		const blob = await wrapPrivateKey(secret, master, 'org:1/pdf');
		const otherMaster = crypto.getRandomValues(new Uint8Array(32));
		await expect(unwrapPrivateKey(blob, otherMaster, 'org:1/pdf')).rejects.toThrow();
		await expect(unwrapPrivateKey(blob, master, 'org:2/pdf')).rejects.toThrow();
		const flipped = blob.slice();
		flipped[40] ^= 1;
		await expect(unwrapPrivateKey(flipped, master, 'org:1/pdf')).rejects.toThrow();
		await expect(wrapPrivateKey(secret, new Uint8Array(16))).rejects.toThrow(/32 bytes/);
	});
});

describe('token keys', () => {
	it('signs tokens that verify with the published JWK', async () => {
		const key = await generateTokenKey();
		expect(key.kid).toMatch(/^[A-Za-z0-9_-]{8}$/);
		const jwk = tokenPublicJwk(key, { notBefore: new Date('2024-01-01T00:00:00Z') });
		expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: key.kid, nbf: 1704067200 });
		const token = await encodeAndSign(
			{
				certificateNo: '4502202412000358',
				managementNo: 'LZZC2024-0358',
				name: '覃堃琰',
				idNumberMasked: '4****************X',
				series: '工程技术',
				qualification: '工程师',
				level: 'intermediate',
				issueDate: '2024-12-20',
				issuerCode: '450200'
			},
			key
		);
		const published = Buffer.from(jwk.x, 'base64url');
		const result = await verifyToken(token, (kid) => (kid === jwk.kid ? published : undefined));
		expect(result.ok).toBe(true);
	});
});

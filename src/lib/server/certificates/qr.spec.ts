import { getPublicKeyAsync, utils } from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { encodeAndSign, qrVerifyUrl } from '../../domain/certificate-token.js';
import { qrModules, qrSegments } from './qr.js';
import { SAMPLE_ISSUER, SAMPLE_ORIGIN, sampleCertificateData } from './sample.js';
import { toTokenPayload } from './token-payload.js';

async function sampleToken() {
	const privateKey = utils.randomSecretKey();
	await getPublicKeyAsync(privateKey);
	const data = sampleCertificateData('intermediate');
	return encodeAndSign(toTokenPayload(data, 'intermediate', SAMPLE_ISSUER.code), {
		kid: 'k8Xq2mZa',
		privateKey
	});
}

describe('certificate QR code', () => {
	it('puts the upper-case URL in alphanumeric mode and the token in numeric mode', async () => {
		const url = qrVerifyUrl(SAMPLE_ORIGIN, await sampleToken());
		const segments = qrSegments(url);
		expect(segments.map((s) => s.mode)).toEqual(['alphanumeric', 'numeric']);
		expect(segments[0].data).toBe('HTTPS://ZC.RSJ.LIUZHOU.GOV.CN/V/');
		const { segments: used } = qrModules(url, 'Q');
		expect(used.map((s) => s.mode.id)).toEqual(['Alphanumeric', 'Numeric']);
	});

	it('at level Q needs fewer modules than the old URL at Q, and about as many as the old at M', async () => {
		const token = await sampleToken();
		const old = qrModules(`${SAMPLE_ORIGIN}/v/${token}`, 'M').modules.size;
		const oldAtQ = qrModules(`${SAMPLE_ORIGIN}/v/${token}`, 'Q').modules.size;
		const compact = qrModules(qrVerifyUrl(SAMPLE_ORIGIN, token), 'Q').modules.size;
		const compactAtM = qrModules(qrVerifyUrl(SAMPLE_ORIGIN, token), 'M').modules.size;
		// measured: old byte mode 53 (M) / 65 (Q); compact 49 (M) / 57 (Q)
		expect(compact).toBeLessThan(oldAtQ);
		expect(compactAtM).toBeLessThan(old);
		expect(compact - old).toBeLessThanOrEqual(4);
	});

	it('keeps byte mode for text that is not upper case (archive forms)', () => {
		expect(qrSegments('http://x.cn/v/f/F1.abcdefghijklmnopqrstuvwxyz').map((s) => s.mode)).toEqual([
			'byte'
		]);
	});
});

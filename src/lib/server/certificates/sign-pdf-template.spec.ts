import { beforeAll, describe, expect, it } from 'vitest';
import * as pkijs from 'pkijs';
import { generateDemoCa, issueOrgCertificate, type OrgSigningIdentity } from './keys.js';
import { cmsSignature, fastCmsSignature } from './sign-pdf.js';
import { issuer } from '../../../../tests/fixtures/certificates/factories.js';

describe('CMS signature from the per-signer template', () => {
	let signer: OrgSigningIdentity;
	beforeAll(async () => {
		signer = await issueOrgCertificate(await generateDemoCa(), issuer.name);
	});

	it('is byte for byte what pkijs builds, for any content and signing time', async () => {
		const cert = pkijs.Certificate.fromBER(signer.certificate as Uint8Array<ArrayBuffer>);
		for (const [text, time] of [
			['one', '2026-03-01T08:00:00Z'],
			['第二份证书', '2031-12-31T23:59:59Z'],
			['', '1999-01-02T03:04:05Z']
		] as const) {
			const content = new TextEncoder().encode(text);
			const at = new Date(time);
			expect(Buffer.from(await fastCmsSignature(content, signer, at)).toString('hex')).toBe(
				Buffer.from(await cmsSignature(content, signer, cert, at)).toString('hex')
			);
		}
	});
});

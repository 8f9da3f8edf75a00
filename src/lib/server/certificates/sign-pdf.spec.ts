import { beforeAll, describe, it, expect } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { generateDemoCa, issueOrgCertificate, type OrgSigningIdentity } from './keys.js';
import { renderCertificatePdf } from './render-pdf.js';
import { signPdf } from './sign-pdf.js';
import { SEAL_RECT } from './layout.js';
import {
	certificateData,
	issuer,
	origin
} from '../../../../tests/fixtures/certificates/factories.js';
import { lacks, run, writeTemp } from '../../../../tests/fixtures/certificates/tools.js';

function pdfsig(bytes: Uint8Array) {
	return run('pdfsig', [writeTemp('signed.pdf', bytes)]).output;
}

describe('signPdf', () => {
	let signer: OrgSigningIdentity;
	let unsigned: Uint8Array;
	let signed: Uint8Array;

	beforeAll(async () => {
		signer = await issueOrgCertificate(await generateDemoCa(), issuer.name);
		unsigned = await renderCertificatePdf(certificateData(), {
			style: 'intermediate',
			verifyUrl: `${origin}/v/AQE`,
			issuer
		});
		signed = await signPdf(unsigned, signer);
	});

	it.skipIf(lacks('pdfsig'))(
		'produces a signature pdfsig validates over the whole document, by the Chinese-named office',
		() => {
			const report = pdfsig(signed);
			expect(report).toContain('Signature is Valid');
			expect(report).toContain('Total document signed');
			expect(report).toContain('adbe.pkcs7.detached');
			expect(report).toContain(`Signer Certificate Common Name: ${issuer.name}`);
		}
	);

	it.skipIf(lacks('pdfsig'))(
		'reports a digest mismatch when one byte inside the signed range changes',
		() => {
			const text = Buffer.from(signed).toString('latin1');
			const contents = text.indexOf('/Contents <');
			// one byte in the first range (inside the fonts) and one after the signature (a hex
			// digit of /Reason, so the file still parses and only the digest can catch it)
			for (const at of [Math.floor(contents / 2), text.indexOf('/Reason <') + 12]) {
				const tampered = signed.slice();
				tampered[at] = tampered[at] === 0x31 ? 0x32 : 0x31;
				const report = pdfsig(tampered);
				expect(report, `byte ${at}`).toContain('Digest Mismatch');
				expect(report).not.toContain('Signature is Valid');
			}
		}
	);

	it.skipIf(lacks('pdfsig'))(
		'can sign any number of documents with the same identity',
		async () => {
			const again = await signPdf(unsigned, signer);
			expect(pdfsig(again)).toContain('Signature is Valid');
		}
	);

	it('places the signature widget over the seal', async () => {
		const doc = await PDFDocument.load(signed);
		const annots = doc.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
		const widget = annots.lookup(0, PDFDict);
		expect(widget.get(PDFName.of('FT'))).toBe(PDFName.of('Sig'));
		const rect = widget.lookup(PDFName.of('Rect'), PDFArray).asArray() as PDFNumber[];
		expect(rect.map((v) => v.asNumber())).toEqual([
			SEAL_RECT.x,
			SEAL_RECT.y,
			SEAL_RECT.x + SEAL_RECT.width,
			SEAL_RECT.y + SEAL_RECT.height
		]);
	});
});

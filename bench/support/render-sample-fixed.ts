// Renders both styles with fixed inputs (photo, verify URL, signing time) to compare looks
// before/after a change: `tsx bench/support/render-sample-fixed.ts <dir>`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCertificateDocument } from '../../src/lib/server/certificates/render-pdf.js';
import { signDocument } from '../../src/lib/server/certificates/sign-pdf.js';
import { generateDemoCa, issueOrgCertificate } from '../../src/lib/server/certificates/keys.js';
import {
	sampleCertificateData,
	samplePhoto,
	SAMPLE_ISSUER
} from '../../src/lib/server/certificates/sample.js';

const dir = process.argv[2] ?? '.';
const signer = await issueOrgCertificate(await generateDemoCa(), SAMPLE_ISSUER.name);
const photo = await samplePhoto();
for (const style of ['junior', 'intermediate'] as const) {
	const doc = await buildCertificateDocument(sampleCertificateData(style), {
		style,
		verifyUrl: 'https://zc.example.cn/v/12345678901234567890123456789012345678901234567890',
		photo,
		issuer: SAMPLE_ISSUER
	});
	const pdf = await signDocument(doc, signer, { signingTime: new Date('2026-01-01T00:00:00Z') });
	await writeFile(join(dir, `${style}.pdf`), pdf);
}

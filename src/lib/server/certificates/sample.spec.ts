import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { verifyToken } from '../../domain/certificate-token.js';
import { renderSampleCertificates, SAMPLE_ORIGIN } from './sample.js';
import {
	lacks,
	rasterize,
	readQrCodes,
	run,
	tempDir
} from '../../../../tests/fixtures/certificates/tools.js';

describe('renderSampleCertificates', () => {
	it.skipIf(lacks('pdfsig', 'pdftoppm', 'zbarimg'))(
		'writes a signed junior and intermediate certificate whose QR codes verify',
		async () => {
			const { files, tokenKey } = await renderSampleCertificates(tempDir());
			for (const file of [files.junior, files.intermediate]) {
				expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
				expect(run('pdfsig', [file]).output).toContain('Signature is Valid');
				const codes = readQrCodes((await rasterize(file)).png);
				expect(codes).toHaveLength(1);
				const url = codes[0];
				// the compact QR: upper case (alphanumeric mode), the token in digits (numeric mode)
				expect(url).toMatch(/^HTTPS:\/\/ZC\.RSJ\.LIUZHOU\.GOV\.CN\/V\/[1-9][0-9]+$/);
				expect(SAMPLE_ORIGIN.toUpperCase()).toBe('HTTPS://ZC.RSJ.LIUZHOU.GOV.CN');
				const result = await verifyToken(url.split('/V/')[1], (kid) =>
					kid === tokenKey.kid ? tokenKey.publicKey : undefined
				);
				expect(result.ok).toBe(true);
			}
		}
	);
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lacks, run } from '../../../../tests/fixtures/certificates/tools.js';
import { guidePdf } from './guide-pdf.js';

describe('guide PDFs', () => {
	it.skipIf(lacks('pdftotext'))(
		'the reissue guide PDF carries its steps, diagram labels and the 5-working-day period as text',
		async () => {
			const pdf = await guidePdf('reissue');
			expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
			const dir = mkdtempSync(path.join(tmpdir(), 'guide-'));
			const file = path.join(dir, 'reissue.pdf');
			writeFileSync(file, pdf);
			const text = run('pdftotext', [file, '-']).output.replace(/\s+/g, '');
			for (const words of [
				'证书遗失补办·办事指南',
				'声明作废公示中',
				'用人单位',
				'5个工作日',
				'所需材料'
			])
				expect(text).toContain(words);
		}
	);

	it('the electronic certificate rules are downloadable too', async () => {
		const pdf = await guidePdf('electronic-certificates');
		expect(pdf.length).toBeGreaterThan(1000);
	});
});

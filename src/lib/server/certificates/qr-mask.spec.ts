import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fastGetBestMask, maskPatternModule, originalGetBestMask } from './qr-mask.js';
import { qrModules, type QrLevel } from './qr.js';

function modulesWith(get: typeof originalGetBestMask, text: string, level: QrLevel) {
	maskPatternModule.getBestMask = get;
	const code = qrModules(text, level);
	return { mask: code.maskPattern, bits: Array.from(code.modules.data).join('') };
}

describe('fast QR mask choice', () => {
	afterEach(() => {
		maskPatternModule.getBestMask = fastGetBestMask;
	});

	it('is installed in qrcode', () => {
		expect(maskPatternModule.getBestMask).toBe(fastGetBestMask);
	});

	it('chooses the mask qrcode chooses, so every module is the same', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.stringMatching(/^[0-9]{20,160}$/).map((d) => `HTTPS://ZC.EXAMPLE.CN/V/${d}`),
					fc.string({ minLength: 1, maxLength: 200 })
				),
				fc.constantFrom<QrLevel>('L', 'M', 'Q', 'H'),
				(text, level) => {
					expect(modulesWith(fastGetBestMask, text, level)).toEqual(
						modulesWith(originalGetBestMask, text, level)
					);
				}
			),
			{ numRuns: 300 }
		);
	});
});

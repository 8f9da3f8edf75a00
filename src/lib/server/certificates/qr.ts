/**
 * The verification QR code as vector rectangles (sharp at any print size, ~3 KB deflated):
 * error correction M and a 4-module white quiet zone, as phone scanners expect.
 */
import QRCode from 'qrcode';
import type { PDFDocument, PDFPage } from 'pdf-lib';
import { appendContent, deflate, n } from './pdf-ops.js';
import type { Rect } from './types.js';

export const QUIET_ZONE = 4;

/** Draws the code so that it, quiet zone included, fills the square `box`. */
export function drawQr(doc: PDFDocument, page: PDFPage, text: string, box: Rect) {
	// one byte-mode segment: the URL is mixed case anyway, and it skips qrcode's segment search
	const { modules } = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
		errorCorrectionLevel: 'M'
	});
	const count = modules.size;
	const unit = box.width / (count + 2 * QUIET_ZONE);
	const ops = [`q 1 1 1 rg ${n(box.x)} ${n(box.y)} ${n(box.width)} ${n(box.width)} re f 0 0 0 rg`];
	for (let row = 0; row < count; row++) {
		const y = box.y + box.width - (QUIET_ZONE + row + 1) * unit;
		let col = 0;
		while (col < count) {
			if (!modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < count && modules.get(row, col)) col++;
			const x = box.x + (QUIET_ZONE + start) * unit;
			// a hair of overlap so anti-aliased renderers leave no seams between rows
			ops.push(`${n(x)} ${n(y - 0.02)} ${n((col - start) * unit)} ${n(unit + 0.04)} re`);
		}
	}
	ops.push('f Q');
	appendContent(doc, page, deflate(ops.join('\n')));
	return { version: Math.floor((count - 17) / 4), modules: count };
}

/**
 * The verification QR code as vector rectangles (sharp at any print size, ~3 KB deflated),
 * with a 4-module white quiet zone, as phone scanners expect.
 *
 * Segments are chosen here, not by qrcode's search: a trailing run of digits (the
 * certificate's token, see qrVerifyUrl) in numeric mode, the rest in alphanumeric mode when
 * it is upper case, else byte mode. The certificate prints at level Q (25 % of the code may
 * be lost to a fold, a stain or glare); archive forms keep M.
 */
import QRCode from 'qrcode';
import type { PDFDocument, PDFPage } from 'pdf-lib';
import { appendContent, deflate, n } from './pdf-ops.js';
import './qr-mask.js';
import type { Rect } from './types.js';

export const QUIET_ZONE = 4;

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;

/** The code's segments: see the top of this file. */
export function qrSegments(text: string): QRCode.QRCodeSegment[] {
	const digits = /[0-9]{20,}$/.exec(text)?.[0] ?? '';
	const head = text.slice(0, text.length - digits.length);
	const segments: QRCode.QRCodeSegment[] = [];
	if (head)
		segments.push(
			ALPHANUMERIC.test(head)
				? { data: head, mode: 'alphanumeric' }
				: { data: new TextEncoder().encode(head), mode: 'byte' }
		);
	if (digits) segments.push({ data: digits, mode: 'numeric' });
	return segments;
}

/** The code's modules (and version) for `text` at `level`. */
export function qrModules(text: string, level: QrLevel) {
	return QRCode.create(qrSegments(text), { errorCorrectionLevel: level });
}

/** Draws the code so that it, quiet zone included, fills the square `box`. */
export function drawQr(
	doc: PDFDocument,
	page: PDFPage,
	text: string,
	box: Rect,
	level: QrLevel = 'M'
) {
	const { modules } = qrModules(text, level);
	const count = modules.size;
	const unit = box.width / (count + 2 * QUIET_ZONE);
	const ops = [`q 1 1 1 rg ${n(box.x)} ${n(box.y)} ${n(box.width)} ${n(box.width)} re f 0 0 0 rg`];
	// the same numbers as formatting each rectangle's, formatted once per column and run length
	const xs = Array.from({ length: count }, (_, c) => n(box.x + (QUIET_ZONE + c) * unit));
	const widths = Array.from({ length: count + 1 }, (_, k) => n(k * unit));
	const height = n(unit + 0.04);
	const bits = modules.data;
	for (let row = 0; row < count; row++) {
		const y = box.y + box.width - (QUIET_ZONE + row + 1) * unit;
		// a hair of overlap so anti-aliased renderers leave no seams between rows
		const tail = ` ${n(y - 0.02)} `;
		const base = row * count;
		let col = 0;
		while (col < count) {
			if (!bits[base + col]) {
				col++;
				continue;
			}
			const start = col;
			while (col < count && bits[base + col]) col++;
			ops.push(`${xs[start]}${tail}${widths[col - start]} ${height} re`);
		}
	}
	ops.push('f Q');
	appendContent(doc, page, deflate(ops.join('\n')));
	return { version: Math.floor((count - 17) / 4), modules: count };
}

/** Text placement helpers for the certificate: letter-spacing, justified labels, shrink-to-fit. */
import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Rgb } from './pdf-ops.js';

/** Letter-spaced text centred on `cx`. */
export function drawSpaced(
	page: PDFPage,
	text: string,
	cx: number,
	y: number,
	font: PDFFont,
	size: number,
	spacing: number,
	c: Rgb
) {
	const chars = [...text];
	const widths = chars.map((ch) => font.widthOfTextAtSize(ch, size));
	const total = widths.reduce((a, b) => a + b, 0) + spacing * (chars.length - 1);
	let x = cx - total / 2;
	chars.forEach((ch, i) => {
		if (ch !== ' ') page.drawText(ch, { x, y, size, font, color: color(c) });
		x += widths[i] + spacing;
	});
}

/** Characters spread evenly over `width` (姓 … 名), as on printed forms. */
export function drawJustified(
	page: PDFPage,
	text: string,
	x: number,
	width: number,
	y: number,
	font: PDFFont,
	size: number
) {
	const chars = [...text];
	const widths = chars.map((ch) => font.widthOfTextAtSize(ch, size));
	const gap =
		chars.length > 1 ? (width - widths.reduce((a, b) => a + b, 0)) / (chars.length - 1) : 0;
	let cursor = chars.length > 1 ? x : x + (width - widths[0]) / 2;
	chars.forEach((ch, i) => {
		page.drawText(ch, { x: cursor, y, size, font, color: color([60, 60, 60]) });
		cursor += widths[i] + gap;
	});
}

export function fitSize(
	font: PDFFont,
	text: string,
	maxWidth: number,
	preferred: number,
	min: number
) {
	const width = font.widthOfTextAtSize(text, preferred);
	return width <= maxWidth ? preferred : Math.max(min, (preferred * maxWidth) / width);
}

export function color([r, g, b]: Rgb) {
	return rgb(r / 255, g / 255, b / 255);
}

/** Text placement helpers for the certificate: letter-spacing, justified labels, shrink-to-fit. */
import {
	PDFHexString,
	PDFName,
	PDFOperator,
	PDFOperatorNames,
	beginText,
	endMarkedContent,
	endText,
	moveText,
	popGraphicsState,
	pushGraphicsState,
	rgb,
	setCharacterSpacing,
	setFillingColor,
	setFontAndSize,
	showText,
	type PDFFont,
	type PDFPage
} from 'pdf-lib';
import type { Rgb } from './pdf-ops.js';

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontKey(page: PDFPage, font: PDFFont): PDFName {
	let keys = fontKeys.get(page);
	if (!keys) fontKeys.set(page, (keys = new Map()));
	let key = keys.get(font);
	if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
	return key;
}

/**
 * Letter-spaced text as ONE run: the gap is the character spacing (Tc), and the run is a
 * marked-content span with its ActualText, so text extraction and search give the word
 * ("身份证号"), not letters with spaces between them however wide the gap. The span sits inside
 * the text object, where readers (poppler) still know the font and position at its end.
 */
function drawLetterSpaced(
	page: PDFPage,
	text: string,
	x: number,
	y: number,
	font: PDFFont,
	size: number,
	spacing: number,
	c: Rgb
) {
	// BDC takes its property list inline (ISO 32000-1, 14.6.2); pdf-lib's type for operator
	// arguments leaves dictionaries out, though it writes them as any other object
	const props = page.doc.context.obj({
		ActualText: PDFHexString.fromText(text)
	}) as unknown as PDFName;
	page.pushOperators(
		pushGraphicsState(),
		beginText(),
		setFillingColor(color(c)),
		setFontAndSize(fontKey(page, font), size),
		setCharacterSpacing(spacing),
		moveText(x, y),
		PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Span'), props]),
		showText(font.encodeText(text)),
		endMarkedContent(),
		endText(),
		popGraphicsState()
	);
}

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
	const total = font.widthOfTextAtSize(text, size) + spacing * (chars.length - 1);
	drawLetterSpaced(page, text, cx - total / 2, y, font, size, spacing, c);
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
	const inked = font.widthOfTextAtSize(text, size);
	if (chars.length < 2) {
		drawLetterSpaced(page, text, x + (width - inked) / 2, y, font, size, 0, [60, 60, 60]);
		return;
	}
	const gap = (width - inked) / (chars.length - 1);
	drawLetterSpaced(page, text, x, y, font, size, gap, [60, 60, 60]);
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

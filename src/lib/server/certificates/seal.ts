/**
 * The issuing office's red electronic seal (电子印章), drawn as vectors: a thick outer ring,
 * a five-pointed star, the organisation's name along the upper arc in condensed characters
 * (as on a 42 mm official seal) and the seal code along the lower arc. It is painted with
 * multiply blending so the text it covers stays legible, as with a real stamp.
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { addExtGState, appendContent, circle, deflate, fillRgb, n, strokeRgb } from './pdf-ops.js';
import type { Rgb } from './pdf-ops.js';

export interface SealSpec {
	cx: number;
	cy: number;
	/** Outer radius in points; 59.5 pt = 42 mm, the size of an official seal. */
	radius: number;
	orgName: string;
	sealCode: string;
	color: Rgb;
	font: PDFFont;
}

/** Condensing of seal characters, as in the narrow 仿宋 / 宋体 cut on real seals. */
const SQUEEZE = 0.78;

export function drawSeal(doc: PDFDocument, page: PDFPage, seal: SealSpec) {
	const { cx, cy, radius: R } = seal;
	const key = page.node.newFontDictionary(seal.font.name, seal.font.ref).toString();
	addExtGState(doc, page, 'ZcSeal', { BM: 'Multiply', ca: 0.92, CA: 0.92 });
	const ring = R * 0.055;
	const ops = [`q /ZcSeal gs ${fillRgb(seal.color)} ${strokeRgb(seal.color)}`];
	ops.push(`${n(ring)} w ${circle(cx, cy, R - ring / 2)} S`);
	ops.push(`${star(cx, cy, R * 0.3)} f`);
	// Empty ActualText: text extraction and screen readers skip the stamp's lettering, which
	// would otherwise interleave with the issuer's name printed underneath.
	ops.push('/Span << /ActualText <FEFF> >> BDC BT');
	ops.push(...upperArc(seal, key, R - ring - 2.2));
	ops.push(...lowerArc(seal, key, R - ring - 1.8));
	ops.push('ET EMC Q');
	appendContent(doc, page, deflate(ops.join('\n')));
}

function upperArc(seal: SealSpec, key: string, outer: number): string[] {
	const chars = [...seal.orgName];
	const span = Math.min(250, 26 * (chars.length - 1)) * (Math.PI / 180);
	const size = Math.min(
		seal.radius * 0.27,
		((outer * span) / Math.max(chars.length - 1, 1)) * 1.02
	);
	const r = outer - size * 0.52;
	const step = chars.length > 1 ? span / (chars.length - 1) : 0;
	return chars.map((ch, i) => {
		const theta = Math.PI / 2 + span / 2 - i * step;
		const up: [number, number] = [Math.cos(theta), Math.sin(theta)];
		const along: [number, number] = [Math.sin(theta), -Math.cos(theta)];
		return glyph(seal, key, ch, size, r, theta, along, up, 0.38);
	});
}

function lowerArc(seal: SealSpec, key: string, outer: number): string[] {
	const chars = [...seal.sealCode];
	const size = seal.radius * 0.1;
	const r = outer - size * 0.45;
	const step = (size * 0.62) / r;
	const span = step * (chars.length - 1);
	return chars.map((ch, i) => {
		const theta = (3 * Math.PI) / 2 - span / 2 + i * step;
		const up: [number, number] = [-Math.cos(theta), -Math.sin(theta)];
		const along: [number, number] = [-Math.sin(theta), Math.cos(theta)];
		return glyph(seal, key, ch, size, r, theta, along, up, 0.36);
	});
}

/** One character centred on the circle of radius r at angle theta, with the given axes. */
function glyph(
	seal: SealSpec,
	key: string,
	ch: string,
	size: number,
	r: number,
	theta: number,
	along: [number, number],
	up: [number, number],
	middle: number
): string {
	const width = seal.font.widthOfTextAtSize(ch, size) * SQUEEZE;
	const px = seal.cx + r * Math.cos(theta) - (along[0] * width) / 2 - up[0] * middle * size;
	const py = seal.cy + r * Math.sin(theta) - (along[1] * width) / 2 - up[1] * middle * size;
	const sx = size * SQUEEZE;
	const m = [along[0] * sx, along[1] * sx, up[0] * size, up[1] * size, px, py].map(n).join(' ');
	return `${key} 1 Tf ${m} Tm ${seal.font.encodeText(ch).toString()} Tj`;
}

function star(cx: number, cy: number, r: number): string {
	const points: string[] = [];
	for (let i = 0; i < 10; i++) {
		const radius = i % 2 ? r * 0.382 : r;
		const a = Math.PI / 2 + (i * Math.PI) / 5;
		points.push(`${n(cx + radius * Math.cos(a))} ${n(cy + radius * Math.sin(a))} ${i ? 'l' : 'm'}`);
	}
	return `${points.join(' ')} h`;
}

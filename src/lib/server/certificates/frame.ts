/**
 * The static, text-free artwork of a certificate: paper tint, double border with a guilloche
 * band of interlaced waves, corner ornaments and a faint central rosette. It is the same for
 * every certificate of a style, so it is built and deflated once per process; each PDF only
 * copies the compressed bytes (a few KB) instead of regenerating thousands of curves.
 */
import { PAGE, PAPER, themes, type Theme } from './theme.js';
import {
	addFormXObject,
	appendContent,
	circle,
	curve,
	deflate,
	ellipse,
	fillRgb,
	n,
	strokeRgb
} from './pdf-ops.js';
import type { PDFDocument, PDFPage } from 'pdf-lib';
import type { CertificateStyle } from './types.js';

const OUTER = 16;
const BAND = { inner: 36, outer: 21 };
const WAVE_LENGTH = 12;

interface FrameArt {
	page: Uint8Array;
	wave: Uint8Array;
	ring: Uint8Array;
}

const cache = new Map<CertificateStyle, FrameArt>();

export function drawFrame(doc: PDFDocument, page: PDFPage, style: CertificateStyle) {
	let art = cache.get(style);
	if (!art) {
		art = buildFrame(themes[style]);
		cache.set(style, art);
	}
	const h = (BAND.inner - BAND.outer) / 2;
	addFormXObject(doc, page, 'ZcWave', art.wave, [-1, -h - 1, WAVE_LENGTH + 1, h + 1]);
	addFormXObject(doc, page, 'ZcRing', art.ring, [-80, -80, 80, 80]);
	appendContent(doc, page, art.page);
}

function buildFrame(theme: Theme): FrameArt {
	const { width: W, height: H } = PAGE;
	const ops: string[] = [`q ${fillRgb(PAPER)} 0 0 ${n(W)} ${n(H)} re f`];
	// outer double rule
	ops.push(`${strokeRgb(theme.accent)} 1.6 w ${rect(OUTER)} S 0.5 w ${rect(OUTER + 3)} S`);
	// guilloche band: one wave period as an XObject, stamped along each side
	const mid = (BAND.inner + BAND.outer) / 2;
	for (const [x0, y0, length, angle] of [
		[BAND.inner, mid, W - 2 * BAND.inner, 0],
		[BAND.inner, H - mid, W - 2 * BAND.inner, 0],
		[mid, BAND.inner, H - 2 * BAND.inner, 90],
		[W - mid, BAND.inner, H - 2 * BAND.inner, 90]
	] as const) {
		const count = Math.round(length / WAVE_LENGTH);
		const step = length / count;
		const [c, s] = angle ? [0, 1] : [1, 0];
		const sx = step / WAVE_LENGTH;
		for (let i = 0; i < count; i++) {
			const x = x0 + c * i * step;
			const y = y0 + s * i * step;
			ops.push(`q ${n(c * sx)} ${n(s * sx)} ${n(-s)} ${n(c)} ${n(x)} ${n(y)} cm /ZcWave Do Q`);
		}
	}
	// inner rules and corner blocks
	ops.push(
		`${strokeRgb(theme.accent)} 0.9 w ${rect(BAND.inner + 2)} S 0.35 w ${rect(BAND.inner + 5)} S`
	);
	ops.push(`0.5 w ${rect(BAND.outer)} S`);
	for (const [x, y] of [
		[mid, mid],
		[W - mid, mid],
		[mid, H - mid],
		[W - mid, H - mid]
	]) {
		const s = (BAND.inner - BAND.outer) / 2 + 1.5;
		ops.push(`${fillRgb(PAPER)} ${n(x - s)} ${n(y - s)} ${n(2 * s)} ${n(2 * s)} re f`);
		ops.push(`${n(x - s)} ${n(y - s)} ${n(2 * s)} ${n(2 * s)} re S`);
		ops.push(`${fillRgb(theme.accent)} ${diamond(x, y, s - 2.5)} f`);
	}
	// rosette: rings of circles and ellipses around the page centre, under the table
	ops.push(`q 1 0 0 1 ${n(W / 2)} ${n(H / 2 + 20)} cm`);
	for (let i = 0; i < 48; i++) {
		const a = (i / 48) * 2 * Math.PI;
		ops.push(`q 1 0 0 1 ${n(62 * Math.cos(a))} ${n(62 * Math.sin(a))} cm /ZcRing Do Q`);
	}
	ops.push(`${strokeRgb(theme.rosette)} 0.3 w`);
	for (let i = 0; i < 36; i++) {
		ops.push(`${ellipse(0, 0, 150, 42, (i / 36) * Math.PI)} S`);
	}
	ops.push('Q Q');
	return {
		page: deflate(ops.join('\n')),
		wave: deflate(waveCell(theme, (BAND.inner - BAND.outer) / 2 - 1.5)),
		ring: deflate(`${strokeRgb(theme.rosette)} 0.35 w ${circle(0, 0, 74)} S`)
	};
}

/** One period of four phase-shifted sine waves: a rope-like guilloche chain. */
function waveCell(theme: Theme, amplitude: number): string {
	const k = (2 * Math.PI) / WAVE_LENGTH;
	const ops = [`${strokeRgb(theme.wave)} 0.45 w`];
	for (const phase of [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2]) {
		const f = (t: number): [number, number] => [t, amplitude * Math.sin(k * t + phase)];
		const df = (t: number): [number, number] => [1, amplitude * k * Math.cos(k * t + phase)];
		ops.push(curve(f, df, 0, WAVE_LENGTH, 4), 'S');
	}
	return ops.join('\n');
}

function rect(inset: number): string {
	return `${n(inset)} ${n(inset)} ${n(PAGE.width - 2 * inset)} ${n(PAGE.height - 2 * inset)} re`;
}

export function diamond(x: number, y: number, r: number): string {
	return `${n(x)} ${n(y + r)} m ${n(x + r)} ${n(y)} l ${n(x)} ${n(y - r)} l ${n(x - r)} ${n(y)} l h`;
}

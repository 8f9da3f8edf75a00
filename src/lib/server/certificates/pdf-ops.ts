/**
 * Raw PDF content-stream helpers. The certificate's vector art (frame, rosette, seal, QR) is
 * written as operator strings: far cheaper than thousands of pdf-lib operator objects, and the
 * static parts can be built and deflated once per process.
 */
import { deflateSync } from 'node:zlib';
import {
	PDFArray,
	PDFContentStream,
	PDFContext,
	PDFName,
	PDFRawStream,
	PDFRef,
	type PDFDocument,
	type PDFPage,
	type PDFObject
} from 'pdf-lib';

// pdf-lib deflates the embedded font subsets with pako (pure JavaScript, ~3 ms of every
// certificate); node's zlib writes the same FlateDecode stream natively in a fraction of that.
PDFContext.prototype.flateStream = function (
	this: PDFContext,
	contents: string | Uint8Array,
	dict: Record<string, PDFObject> = {}
) {
	const bytes = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
	return this.stream(deflateSync(bytes), { ...dict, Filter: 'FlateDecode' });
} as PDFContext['flateStream'];

export type Rgb = readonly [number, number, number];

/** Two decimals are 1/36 mm: plenty, and keeps the streams small. */
export const n = (v: number) => String(Math.round(v * 100) / 100);

export const fillRgb = ([r, g, b]: Rgb) => `${n(r / 255)} ${n(g / 255)} ${n(b / 255)} rg`;
export const strokeRgb = ([r, g, b]: Rgb) => `${n(r / 255)} ${n(g / 255)} ${n(b / 255)} RG`;

/** Circle path (four Béziers), not painted. */
export function circle(cx: number, cy: number, r: number): string {
	const k = r * 0.5523;
	return [
		`${n(cx + r)} ${n(cy)} m`,
		`${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
		`${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
		`${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
		`${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c h`
	].join('\n');
}

/** Ellipse path rotated by `angle` radians; the stroke keeps its width all round. */
export function ellipse(cx: number, cy: number, rx: number, ry: number, angle: number): string {
	const [c, s] = [Math.cos(angle), Math.sin(angle)];
	const p = (x: number, y: number) =>
		`${n(cx + x * rx * c - y * ry * s)} ${n(cy + x * rx * s + y * ry * c)}`;
	const k = 0.5523;
	return [
		`${p(1, 0)} m`,
		`${p(1, k)} ${p(k, 1)} ${p(0, 1)} c`,
		`${p(-k, 1)} ${p(-1, k)} ${p(-1, 0)} c`,
		`${p(-1, -k)} ${p(-k, -1)} ${p(0, -1)} c`,
		`${p(k, -1)} ${p(1, -k)} ${p(1, 0)} c h`
	].join('\n');
}

/** A smooth curve through f(t) for t in [t0, t1], as cubic Béziers from value and slope. */
export function curve(
	f: (t: number) => [number, number],
	df: (t: number) => [number, number],
	t0: number,
	t1: number,
	segments: number
): string {
	const out = [`${n(f(t0)[0])} ${n(f(t0)[1])} m`];
	const h = (t1 - t0) / segments;
	for (let i = 0; i < segments; i++) {
		const a = t0 + i * h;
		const b = a + h;
		const [pa, da, pb, db] = [f(a), df(a), f(b), df(b)];
		out.push(
			`${n(pa[0] + (da[0] * h) / 3)} ${n(pa[1] + (da[1] * h) / 3)} ${n(pb[0] - (db[0] * h) / 3)} ${n(pb[1] - (db[1] * h) / 3)} ${n(pb[0])} ${n(pb[1])} c`
		);
	}
	return out.join('\n');
}

export function deflate(content: string): Uint8Array {
	return deflateSync(Buffer.from(content, 'latin1'));
}

/** Appends an already deflated content stream to the page (drawn above what came before). */
export function appendContent(doc: PDFDocument, page: PDFPage, deflated: Uint8Array) {
	const stream = doc.context.stream(deflated, { Filter: 'FlateDecode' });
	page.node.addContentStream(doc.context.register(stream));
}

/** Registers a deflated Form XObject under a fixed resource name on the page. */
export function addFormXObject(
	doc: PDFDocument,
	page: PDFPage,
	name: string,
	deflated: Uint8Array,
	bbox: [number, number, number, number]
) {
	const stream: PDFRawStream = doc.context.stream(deflated, {
		Type: 'XObject',
		Subtype: 'Form',
		BBox: bbox,
		Filter: 'FlateDecode'
	});
	page.node.setXObject(PDFName.of(name), doc.context.register(stream));
}

/** Registers a transparency state (used by the seal: multiply, so the text below shows through). */
export function addExtGState(
	doc: PDFDocument,
	page: PDFPage,
	name: string,
	dict: { [key: string]: string | number }
) {
	page.node.setExtGState(PDFName.of(name), doc.context.obj(dict));
}

/**
 * Swaps the page's pdf-lib content streams for the same operators deflated by node's zlib
 * (pdf-lib would deflate them with pako at save). Call it once nothing more is drawn.
 */
export function nativeDeflateContent(doc: PDFDocument, page: PDFPage) {
	const contents = page.node.Contents();
	const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
	for (const ref of refs) {
		if (!(ref instanceof PDFRef)) continue;
		const stream = doc.context.lookup(ref);
		if (stream instanceof PDFContentStream)
			doc.context.assign(ref, doc.context.flateStream(stream.getUnencodedContents()));
	}
}

/**
 * Fonts for certificates: Noto Serif SC (OFL) from @expo-google-fonts/noto-serif-sc, which ships
 * complete TrueType files (30 920 glyphs, covering 琰 堃 喆 䶮 𬌗 and the rest of GB 18030's
 * names). Fontsource and similar packages only ship unicode-range web slices.
 *
 * pdf-lib expects the fontkit 1 API. @pdf-lib/fontkit 1.1.1 produces subsets whose CJK glyphs
 * render blank without any error, so we hand pdf-lib fontkit 2 through a small adapter: fontkit 2
 * returns `subset.encode()` synchronously where pdf-lib listens to `subset.encodeStream()`.
 * The adapter also parses each font file once per process (pdf-lib would otherwise re-parse
 * the 15 MB file and its 30 000-entry cmap for every certificate) and memoises text layout:
 * labels, titles and the footer repeat on every certificate, and shaping is most of the
 * font work.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { FontkitFont } from 'fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);
const PACKAGE = '@expo-google-fonts/noto-serif-sc';

export type FontWeight = 'regular' | 'bold';
const files: Record<FontWeight, string> = {
	regular: `${PACKAGE}/400Regular/NotoSerifSC_400Regular.ttf`,
	bold: `${PACKAGE}/700Bold/NotoSerifSC_700Bold.ttf`
};

const bytesCache = new Map<FontWeight, Uint8Array>();
const parsed = new WeakMap<Uint8Array, FontkitFont>();
const layouts = new WeakMap<FontkitFont, Map<string, unknown>>();
const LAYOUT_CACHE_SIZE = 4000;

export function fontBytes(weight: FontWeight): Uint8Array {
	let bytes = bytesCache.get(weight);
	if (!bytes) {
		bytes = new Uint8Array(readFileSync(require.resolve(files[weight])));
		bytesCache.set(weight, bytes);
	}
	return bytes;
}

function parse(data: Uint8Array): FontkitFont {
	let font = parsed.get(data);
	if (!font) {
		font = fontkit.create(data);
		parsed.set(data, font);
	}
	return font;
}

/** The fontkit 1 shaped object that `PDFDocument.registerFontkit` wants, backed by fontkit 2. */
export const fontkitAdapter = {
	create(data: Uint8Array) {
		const font = parse(data);
		return new Proxy(font, {
			get(target, prop) {
				if (prop === 'createSubset') return () => streamingSubset(target);
				if (prop === 'layout')
					return (text: string, features?: unknown) => layout(target, text, features);
				const value = Reflect.get(target, prop, target);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
	}
};

/** Shaped glyph runs are read-only to pdf-lib, so one run can serve every document. */
function layout(font: FontkitFont, text: string, features?: unknown): unknown {
	if (features !== undefined) return font.layout(text, features);
	let cache = layouts.get(font);
	if (!cache) layouts.set(font, (cache = new Map()));
	let run = cache.get(text);
	if (!run) {
		if (cache.size >= LAYOUT_CACHE_SIZE) cache.clear();
		run = font.layout(text);
		cache.set(text, run);
	}
	return run;
}

interface GlyphEntry {
	/** The glyph's bytes in the glyf table (composite glyphs: component ids still original). */
	bytes: Uint8Array;
	components?: { glyphID: number; pos: number }[];
	advance: number;
	bearing: number;
}

/** fontkit's TTFSubset internals that `addGlyph` works on. */
interface SubsetState {
	glyf: Uint8Array[];
	loca: { offsets: number[] };
	hmtx: { metrics: { advance: number; bearing: number }[] };
	offset: number;
	includeGlyph(glyph: number): number;
}

interface FontInternals {
	getGlyph(gid: number): {
		_decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] };
		_getMetrics(): { leftBearing: number };
		advanceWidth: number;
	};
	loca: { offsets: number[] };
	_getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
	_variationProcessor?: unknown;
}

const glyphData = new WeakMap<FontkitFont, Map<number, GlyphEntry>>();

/**
 * A glyph as fontkit's subsetter reads it (decode, slice of glyf, metrics), read once per
 * process: the labels, the footer and the digits are in every certificate's subset, and this
 * read was most of the subsetting time.
 */
function glyphEntry(font: FontkitFont, gid: number): GlyphEntry {
	let cache = glyphData.get(font);
	if (!cache) glyphData.set(font, (cache = new Map()));
	let entry = cache.get(gid);
	if (!entry) {
		const f = font as unknown as FontInternals;
		const glyph = f.getGlyph(gid);
		const glyf = glyph._decode();
		const start = f.loca.offsets[gid];
		const stream = f._getTableStream('glyf');
		stream.pos += start;
		const bytes = new Uint8Array(stream.readBuffer(f.loca.offsets[gid + 1] - start));
		entry = {
			bytes,
			components:
				glyf && glyf.numberOfContours < 0
					? glyf.components!.map((c) => ({ glyphID: c.glyphID, pos: c.pos }))
					: undefined,
			advance: glyph.advanceWidth,
			bearing: glyph._getMetrics().leftBearing
		};
		cache.set(gid, entry);
	}
	return entry;
}

function streamingSubset(font: FontkitFont) {
	const subset = font.createSubset();
	if (!(font as unknown as FontInternals)._variationProcessor) {
		// the same steps as fontkit's TTFSubset._addGlyph, on the memoised glyph
		(subset as unknown as { _addGlyph: (gid: number) => number })._addGlyph = function (
			this: SubsetState,
			gid: number
		) {
			const entry = glyphEntry(font, gid);
			let bytes = entry.bytes;
			if (entry.components) {
				bytes = new Uint8Array(bytes);
				const view = new DataView(bytes.buffer);
				for (const c of entry.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
			}
			this.glyf.push(bytes);
			this.loca.offsets.push(this.offset);
			this.hmtx.metrics.push({ advance: entry.advance, bearing: entry.bearing });
			this.offset += bytes.length;
			return this.glyf.length - 1;
		};
	}
	return Object.assign(subset, {
		encodeStream() {
			const listeners: Record<string, ((arg?: unknown) => void)[]> = {};
			const emitter = {
				on(event: string, fn: (arg?: unknown) => void) {
					(listeners[event] ??= []).push(fn);
					return emitter;
				}
			};
			// pdf-lib attaches its listeners synchronously right after this call returns.
			queueMicrotask(() => {
				try {
					const bytes = subset.encode();
					listeners.data?.forEach((fn) => fn(bytes));
					listeners.end?.forEach((fn) => fn());
				} catch (error) {
					listeners.error?.forEach((fn) => fn(error));
				}
			});
			return emitter;
		}
	});
}

/** Characters of `text` that the font has no glyph for (they would print as empty boxes). */
export function missingGlyphs(text: string, weight: FontWeight = 'regular'): string[] {
	const font = parse(fontBytes(weight));
	return [...new Set(text)].filter(
		(ch) => !/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!)
	);
}

export interface CertificateFonts {
	regular: PDFFont;
	bold: PDFFont;
}

function registerAdapter(doc: PDFDocument) {
	doc.registerFontkit(fontkitAdapter as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
}

/** The regular weight only, as a subset (a certificate's bold text is in its template). */
export function embedRegularFont(doc: PDFDocument): Promise<PDFFont> {
	registerAdapter(doc);
	return doc.embedFont(fontBytes('regular'), { subset: true });
}

export async function embedCertificateFonts(doc: PDFDocument): Promise<CertificateFonts> {
	registerAdapter(doc);
	const [regular, bold] = await Promise.all([
		doc.embedFont(fontBytes('regular'), { subset: true }),
		doc.embedFont(fontBytes('bold'), { subset: true })
	]);
	return { regular, bold };
}

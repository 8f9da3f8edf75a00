// fontkit 2 ships no types; this declares only what the certificate renderer uses.
declare module 'fontkit' {
	export interface FontkitSubset {
		includeGlyph(glyph: number | { id: number }): number;
		encode(): Uint8Array;
	}
	export interface FontkitFont {
		postscriptName: string;
		unitsPerEm: number;
		numGlyphs: number;
		hasGlyphForCodePoint(codePoint: number): boolean;
		createSubset(): FontkitSubset;
		layout(text: string, features?: unknown): unknown;
	}
	export function create(data: Uint8Array, postscriptName?: string): FontkitFont;
}

import { inflateSync } from 'node:zlib';

/**
 * PDF names that make a document act rather than show: scripts, actions run on open or on an
 * event, launching programs, embedded files and rich media. A file carrying any of them is
 * refused (not rewritten): applicants and offices can always print or export an ordinary PDF.
 */
const ACTIVE = new Set([
	'JavaScript',
	'JS',
	'Launch',
	'OpenAction',
	'AA',
	'EmbeddedFile',
	'EmbeddedFiles',
	'RichMedia'
]);

/** Inflating more than this (all streams together) is refused: a compression bomb. */
const MAX_INFLATED = 64 * 1024 * 1024;

export type PdfFinding = { kind: 'active'; name: string } | { kind: 'uninspectable' };

/** A name token `/Foo` with `#xx` escapes decoded (PDF 1.2+), e.g. `/J#53` is `/JS`. */
const NAME = /\/([^\s()<>[\]{}/%]*)/g;
function decodeName(raw: string): string {
	return raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function activeName(text: string): string | null {
	for (const m of text.matchAll(NAME)) {
		const name = decodeName(m[1]);
		if (ACTIVE.has(name)) return `/${name}`;
	}
	return null;
}

/**
 * Looks inside a PDF for active content: in the file's own text, and in every Flate stream,
 * which is where object streams (PDF 1.5, compressed dictionaries) hide names. An object
 * stream with another filter, or more inflated data than 64 MB, cannot be inspected cheaply
 * and is reported as such. Image streams are skipped (pixels carry no actions).
 */
export function findPdfActiveContent(bytes: Uint8Array): PdfFinding | null {
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	const found = activeName(text);
	if (found) return { kind: 'active', name: found };
	let budget = MAX_INFLATED;
	const streamStart = /stream\r?\n/g;
	for (let m = streamStart.exec(text); m; m = streamStart.exec(text)) {
		if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
		const start = m.index + m[0].length;
		const end = text.indexOf('endstream', start);
		if (end < 0) break;
		const dict = streamDictionary(text, m.index);
		streamStart.lastIndex = end + 9;
		// A reader takes any stream with /N and /First as an object stream, whatever its /Type.
		const isObjStm = /\/Type\s*\/ObjStm\b|\/First\b/.test(dict);
		if (!isObjStm && /\/Subtype\s*\/Image\b/.test(dict)) continue;
		if (isObjStm && !plainFlate(dict)) return { kind: 'uninspectable' };
		if (!/\/Filter\b/.test(dict)) continue; // unfiltered: its text was read above
		let inflated: Buffer;
		try {
			inflated = inflateSync(bytes.subarray(start, end), {
				maxOutputLength: Math.max(1, budget),
				finishFlush: 2 // Z_SYNC_FLUSH: a stream cut short still yields what it holds
			});
		} catch (e) {
			if (e instanceof RangeError) return { kind: 'uninspectable' };
			if (isObjStm) return { kind: 'uninspectable' };
			continue; // not Flate (a JPEG, a font in another filter): nothing to read
		}
		budget -= inflated.length;
		const inner = activeName(inflated.toString('latin1'));
		if (inner) return { kind: 'active', name: inner };
	}
	return null;
}

/** No filter, or Flate alone with no predictor: what every ordinary exporter writes. */
function plainFlate(dict: string): boolean {
	if (/\/DecodeParms\b/.test(dict)) return false;
	const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1];
	return !filter || /^\[?\s*\/(FlateDecode|Fl)\s*\]?$/.test(filter);
}

/** The dictionary text before `stream` (from its object's `obj`), names decoded. */
function streamDictionary(text: string, at: number): string {
	const from = text.lastIndexOf(' obj', at);
	return decodeName(text.slice(from < 0 ? Math.max(0, at - 4096) : from, at));
}

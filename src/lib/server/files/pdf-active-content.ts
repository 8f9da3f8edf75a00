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

/** What a reader could parse as an object there: `12 0 obj`, or a trailer. */
const OBJECT_HEADER = /\d+\s+\d+\s+obj\b|trailer\s*<</;

/**
 * Looks inside a PDF for active content: in the file's own text (dictionaries, stream
 * dictionaries), and inside every object stream (PDF 1.5, compressed dictionaries: where
 * `/JS` hides), inflated. Other streams' data (page content, fonts, images) carries no
 * actions and is compressed or binary, where `/JS ` turns up by chance about once in 20 MB:
 * a name found there counts only if a reader could also take that data for an object (it
 * holds an `N G obj` header, as a polyglot file would). An object stream with another filter,
 * or more inflated data than 64 MB, cannot be inspected cheaply and is reported as such.
 */
export function findPdfActiveContent(bytes: Uint8Array): PdfFinding | null {
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	let budget = MAX_INFLATED;
	let outside = '';
	let from = 0;
	for (const stream of streams(text)) {
		outside += text.slice(from, stream.start) + ' ';
		from = stream.end;
		const data = text.slice(stream.start, stream.end);
		// A reader takes any stream with /N and /First as an object stream, whatever its /Type.
		if (!/\/Type\s*\/ObjStm\b|\/First\b/.test(stream.dict)) {
			const found = OBJECT_HEADER.test(data) ? activeName(data) : null;
			if (found) return { kind: 'active', name: found };
			continue;
		}
		if (!plainFlate(stream.dict)) return { kind: 'uninspectable' };
		let inner = data;
		if (/\/Filter\b/.test(stream.dict)) {
			try {
				inner = inflateSync(bytes.subarray(stream.start, stream.end), {
					maxOutputLength: Math.max(1, budget),
					finishFlush: 2 // Z_SYNC_FLUSH: a stream cut short still yields what it holds
				}).toString('latin1');
			} catch {
				return { kind: 'uninspectable' }; // too large, or not Flate after all
			}
			budget -= inner.length;
		}
		const found = activeName(inner);
		if (found) return { kind: 'active', name: found };
	}
	const found = activeName(outside + text.slice(from));
	return found ? { kind: 'active', name: found } : null;
}

/** Each stream's data (from after `stream` to its `endstream`) and its dictionary. */
function* streams(text: string): Generator<{ dict: string; start: number; end: number }> {
	const streamStart = /stream\r?\n/g;
	for (let m = streamStart.exec(text); m; m = streamStart.exec(text)) {
		if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
		const start = m.index + m[0].length;
		const end = text.indexOf('endstream', start);
		if (end < 0) return; // the rest is read as plain text
		streamStart.lastIndex = end + 9;
		yield { dict: streamDictionary(text, m.index), start, end };
	}
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

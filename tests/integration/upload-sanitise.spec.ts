import { createHash, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import type { Actor } from '../../src/lib/domain/policy.js';
import { acceptUpload } from '../../src/lib/server/files/accept-upload.js';
import * as uploadsRoute from '../../src/routes/api/uploads/+server.js';
import * as uploadRoute from '../../src/routes/api/uploads/[id]/+server.js';
import * as contentRoute from '../../src/routes/api/uploads/[id]/content/+server.js';
import { employerWithApplicant, platform } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';

/*
 * Uploads are sanitised on the server on every path (issue 10.4): the resumable draft upload
 * (which the phone normally compresses first, but a script need not) and the multipart forms
 * (licences, credit evidence) alike.
 */
const ORIGIN = 'http://localhost:4173';
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let who: Awaited<ReturnType<typeof employerWithApplicant>>;

beforeAll(async () => {
	handle = await freshDatabase();
	await platform();
	who = await employerWithApplicant('liujiang');
});
afterAll(async () => handle.drop());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function call(
	handler: (event: never) => Response | Promise<Response>,
	actor: Actor,
	init: {
		method?: string;
		params?: Record<string, string>;
		json?: unknown;
		body?: BodyInit;
		headers?: Record<string, string>;
	}
): Promise<Response> {
	const url = new URL('/api/x', ORIGIN);
	const headers = new Headers({ origin: ORIGIN, ...init.headers });
	if (init.json !== undefined) headers.set('content-type', 'application/json');
	const request = new Request(url, {
		method: init.method ?? 'GET',
		headers,
		body: init.json !== undefined ? JSON.stringify(init.json) : init.body
	});
	const event = {
		request,
		url,
		params: init.params ?? {},
		locals: { actor, user: null, session: null }
	};
	return Promise.resolve(handler(event as never));
}

/** Straight through the upload API, as a script would, without the phone's compression. */
async function uploadRaw(bytes: Uint8Array, mime: string, name = 'file') {
	const actor = who.applicant.actor;
	const id = randomUUID();
	const created = await call(uploadsRoute.POST, actor, {
		method: 'POST',
		json: { id, name, mime, size: bytes.length, sha256: sha(bytes) }
	});
	expect(created.status).toBe(201);
	const chunk = 256 * 1024;
	let last!: Response;
	for (let offset = 0; offset < bytes.length; offset += chunk) {
		last = await call(uploadRoute.PATCH, actor, {
			method: 'PATCH',
			params: { id },
			body: new Uint8Array(bytes.subarray(offset, offset + chunk)),
			headers: {
				'content-type': 'application/offset+octet-stream',
				'upload-offset': String(offset)
			}
		});
		if (last.status !== 204) break;
	}
	return { id, last };
}

/** The content route throws SvelteKit's error(); answered here as the server would. */
async function download(id: string): Promise<Response> {
	try {
		return await call(contentRoute.GET as never, who.applicant.actor, { params: { id } });
	} catch (e) {
		if (isHttpError(e)) return Response.json(e.body, { status: e.status });
		throw e;
	}
}

/** A camera JPEG: EXIF with GPS position and camera serial. */
async function gpsJpeg(): Promise<Uint8Array> {
	const out = await sharp({
		create: { width: 640, height: 480, channels: 3, background: '#4a7' }
	})
		.jpeg({ quality: 90 })
		.withExif({
			IFD0: { Make: 'SecretCam', Model: 'GPS-1' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '24/1 19/1 3000/100',
				GPSLongitudeRef: 'E',
				GPSLongitude: '109/1 24/1 0/1'
			}
		})
		.toBuffer();
	const meta = await sharp(out).metadata();
	expect(meta.exif?.includes('GPS-1')).toBe(true); // the fixture really carries it
	return new Uint8Array(out);
}

/** A 20000×20000 PNG of a few KB: a valid header, a little compressed data, no real pixels. */
function pixelBombPng(): Uint8Array {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (b: Buffer) => {
		let c = 0xffffffff;
		for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const c = Buffer.alloc(4);
		c.writeUInt32BE(crc(body));
		return Buffer.concat([len, body, c]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(20000, 0);
	ihdr.writeUInt32BE(20000, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // greyscale
	return new Uint8Array(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', ihdr),
			chunk('IDAT', deflateSync(Buffer.alloc(2_000_000))),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

/** A PDF with objects written as given, and an optional Flate object stream holding `objStm`. */
function pdfWith(objects: string[], objStm?: { text: string; filter?: string }): Uint8Array {
	const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	objects.forEach((o, i) => parts.push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')));
	if (objStm) {
		const data =
			objStm.filter === '/ASCIIHexDecode'
				? Buffer.from(Buffer.from(objStm.text).toString('hex') + '>')
				: deflateSync(Buffer.from(objStm.text, 'latin1'));
		parts.push(
			Buffer.from(
				`${objects.length + 1} 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter ${objStm.filter ?? '/FlateDecode'} /Length ${data.length} >>\nstream\n`,
				'latin1'
			),
			data,
			Buffer.from('\nendstream\nendobj\n', 'latin1')
		);
	}
	parts.push(Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'));
	return new Uint8Array(Buffer.concat(parts));
}

const catalog = '<< /Type /Catalog /Pages 2 0 R >>';
const pages = '<< /Type /Pages /Kids [] /Count 0 >>';
const hostile: [string, Uint8Array][] = [
	[
		'/OpenAction',
		pdfWith([
			`<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>`,
			pages,
			'<< /S /Named /N /Print >>'
		])
	],
	['/JavaScript', pdfWith([catalog, pages, '<< /S /JavaScript /JS (app.alert(1)) >>'])],
	['hex-escaped /J#53', pdfWith([catalog, pages, '<< /S /J#61vaScript /J#53 (app.alert(1)) >>'])],
	['/Launch', pdfWith([catalog, pages, '<< /S /Launch /F (calc.exe) >>'])],
	['/AA', pdfWith([catalog, '<< /Type /Pages /Kids [] /Count 0 /AA << /O 4 0 R >> >>'])],
	['/EmbeddedFile', pdfWith([catalog, pages, '<< /Type /EmbeddedFile /Length 0 >>'])],
	['/RichMedia', pdfWith([catalog, pages, '<< /Type /Annot /Subtype /RichMedia >>'])],
	[
		'/JS in a compressed object stream',
		pdfWith([catalog, pages], { text: '3 0 << /S /JavaScript /JS (app.alert(1)) >>' })
	],
	[
		'/JS in an uncompressed object stream',
		pdfWith([
			catalog,
			pages,
			'<< /Type /ObjStm /N 1 /First 4 /Length 20 >>\nstream\n3 0 << /JS (x) >>\nendstream'
		])
	],
	[
		'an object hidden in another stream’s data (polyglot)',
		pdfWith([
			catalog,
			pages,
			'<< /Length 60 >>\nstream\n9 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\nendstream'
		])
	],
	[
		'an object stream the server cannot inspect',
		pdfWith([catalog, pages], { text: '3 0 << /JS (x) >>', filter: '/ASCIIHexDecode' })
	]
];

async function cleanPdf(): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.addPage([595, 842]).drawText('diploma');
	return doc.save(); // object streams, Flate: what ordinary exporters write
}

const appCode = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return `${e.code}: ${e.message}`;
		throw e;
	}
};

describe(`uploads sanitised on every path (${backend})`, () => {
	it('a JPEG with EXIF GPS sent straight through the upload API is stored and served without it', async () => {
		const jpeg = await gpsJpeg();
		const { id, last } = await uploadRaw(jpeg, 'image/jpeg', 'me.jpg');
		expect(last.status).toBe(204);
		expect(last.headers.get('upload-complete')).toBe('1');
		// The resume point and the declaration stay the phone's bytes.
		expect(last.headers.get('upload-offset')).toBe(String(jpeg.length));
		const res = await download(id);
		expect(res.status).toBe(200);
		const served = new Uint8Array(await res.arrayBuffer());
		expect(Number(res.headers.get('content-length'))).toBe(served.length);
		expect(res.headers.get('etag')).toBe(`"${sha(served)}"`);
		const meta = await sharp(served).metadata();
		expect(meta.exif).toBeUndefined();
		expect(Buffer.from(served).includes('SecretCam')).toBe(false);
		expect(Buffer.from(served).includes('GPS')).toBe(false);
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 480]);
	});

	it('a 20000×20000 PNG of a few KB is refused with a clear message, not decoded', async () => {
		const bomb = pixelBombPng();
		expect(bomb.length).toBeLessThan(10_000);
		const cpu = process.cpuUsage();
		const { id, last } = await uploadRaw(bomb, 'image/png', 'big.png');
		expect(last.status).toBe(400);
		expect((await last.json()).message).toMatch(/20000×20000.*4000 万像素/);
		expect((await download(id)).status).toBe(404); // nothing kept
		expect(await appCode(acceptUpload(new File([bomb.slice()], 'x.png'), 'evidence'))).toMatch(
			/VALIDATION: .*4000 万像素/
		);
		const used = process.cpuUsage(cpu);
		// Decoding 400 megapixels takes seconds; reading a header takes nothing.
		expect((used.user + used.system) / 1000).toBeLessThan(1000);
	});

	for (const [what, pdf] of hostile) {
		it(`a PDF with ${what} is refused on both paths with what to do`, async () => {
			const { last } = await uploadRaw(pdf, 'application/pdf', 'x.pdf');
			expect(last.status).toBe(400);
			expect((await last.json()).message).toMatch(/重新生成.*PDF/);
			expect(await appCode(acceptUpload(new File([pdf.slice()], 'x.pdf'), 'licence'))).toMatch(
				/VALIDATION: .*重新生成.*PDF/
			);
		});
	}

	it('an ordinary PDF (object streams, Flate) is kept byte for byte', async () => {
		const pdf = await cleanPdf();
		const { id, last } = await uploadRaw(pdf, 'application/pdf', 'diploma.pdf');
		expect(last.status).toBe(204);
		const served = new Uint8Array(await (await download(id)).arrayBuffer());
		expect(sha(served)).toBe(sha(pdf));
		const accepted = await acceptUpload(new File([pdf.slice()], 'd.pdf'), 'licence');
		expect(accepted.sha256).toBe(sha(pdf));
	});

	it('binary stream data that happens to hold /JS or /AA is not active content', async () => {
		// A font or image stream: `/JS ` turns up by chance in compressed data.
		const binary = Buffer.concat([
			Buffer.from([0x78, 0x9c, 0xff, 0x00]),
			Buffer.from('\x13/JS \x88\x01/AA(\xfe/OpenAction\n', 'latin1')
		]).toString('latin1');
		const pdf = pdfWith([
			catalog,
			pages,
			`<< /Length ${binary.length} /Filter /FlateDecode >>\nstream\n${binary}\nendstream`
		]);
		const { last } = await uploadRaw(pdf, 'application/pdf', 'scan.pdf');
		expect(last.status).toBe(204);
	});

	it('licences and credit evidence (multipart) lose EXIF GPS too', async () => {
		const jpeg = await gpsJpeg();
		const accepted = await acceptUpload(new File([jpeg.slice()], 'licence.jpg'), 'licence');
		expect((await sharp(accepted.bytes).metadata()).exif).toBeUndefined();
		expect(accepted.sha256).toBe(sha(accepted.bytes));
	});
});

import { deflateSync } from 'node:zlib';

/**
 * Small but real files for the demo applications' materials: a one-page PDF and PNG images,
 * generated without image libraries so seeding stays fast. Only ASCII text in the PDF (the
 * standard Helvetica font); the Chinese lives in the application form.
 */
export function demoPdf(lines: string[]): Uint8Array {
	const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
	const text = lines
		.map((l, i) => `BT /F1 ${i === 0 ? 22 : 13} Tf 60 ${760 - i * 32} Td (${esc(l)}) Tj ET`)
		.join('\n');
	const stream = `0.72 0.11 0.11 RG 4 w 30 30 535 782 re S\n${text}`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out);
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new Uint8Array(Buffer.from(out, 'latin1'));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** An RGB PNG drawn by `paint(x, y) → [r, g, b]`. */
export function demoPng(
	width: number,
	height: number,
	paint: (x: number, y: number) => [number, number, number]
): Uint8Array {
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * (width * 3 + 1);
		raw[row] = 0; // filter: none
		for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return new Uint8Array(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('IDAT', deflateSync(raw)),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

let photo: Uint8Array | undefined;
let certificate: Uint8Array | undefined;

/** A 2-inch ID photo (413×579): blue background, a grey head and shoulders. */
export function demoPhoto(): Uint8Array {
	return (photo ??= demoPng(413, 579, (x, y) => {
		const head = (x - 206) ** 2 / 95 ** 2 + (y - 230) ** 2 / 120 ** 2 <= 1;
		const body = y > 360 && Math.abs(x - 206) < 40 + (y - 360) * 0.9;
		return head || body ? [70, 70, 78] : [67, 142, 219];
	}));
}

/** A certificate-like landscape image with a red frame and a red seal. */
export function demoCertificateImage(): Uint8Array {
	return (certificate ??= demoPng(800, 560, (x, y) => {
		const frame = x < 24 || y < 24 || x > 775 || y > 535;
		const seal =
			(x - 600) ** 2 + (y - 400) ** 2 <= 70 ** 2 && (x - 600) ** 2 + (y - 400) ** 2 >= 60 ** 2;
		const lines = y > 150 && y < 330 && y % 40 < 4 && x > 120 && x < 680;
		if (frame || seal) return [183, 28, 28];
		if (lines) return [90, 90, 90];
		return [250, 246, 236];
	}));
}

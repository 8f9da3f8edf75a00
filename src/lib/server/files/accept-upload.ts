import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '#lib/domain/errors.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const allowed = new Set(['application/pdf', 'image/jpeg', 'image/png']);

export interface AcceptedUpload {
	mime: 'application/pdf' | 'image/jpeg' | 'image/png';
	bytes: Uint8Array;
	sha256: string;
	size: number;
}

/**
 * Accepts a PDF, JPEG or PNG of at most 10 MB. The type comes from the file's magic bytes,
 * never its name or the browser's claim. Images are decoded and re-encoded, which drops
 * EXIF (GPS, camera serials) and any payload hidden after the image data.
 */
export async function acceptUpload(
	file: File | null | undefined,
	field: string
): Promise<AcceptedUpload> {
	if (!file || file.size === 0) {
		throw new AppError('VALIDATION', { [field]: '请选择要上传的文件（PDF、JPEG 或 PNG）' });
	}
	if (file.size > MAX_UPLOAD_BYTES)
		throw new AppError('UPLOAD_TOO_LARGE', { [field]: '文件超过 10 MB，请压缩后再上传' });
	const raw = new Uint8Array(await file.arrayBuffer());
	const detected = await fileTypeFromBuffer(raw);
	if (!detected || !allowed.has(detected.mime)) {
		throw new AppError('UPLOAD_BAD_TYPE', {
			[field]: '文件内容不是 PDF、JPEG 或 PNG，请检查后重新上传'
		});
	}
	let bytes = raw;
	const mime = detected.mime as AcceptedUpload['mime'];
	if (mime !== 'application/pdf') {
		try {
			// Loaded on first upload only: keeps the native image library out of start-up.
			const { default: sharp } = await import('sharp');
			const image = sharp(raw, { limitInputPixels: 60_000_000, failOn: 'error' }).rotate();
			const out =
				mime === 'image/png'
					? await image.png().toBuffer()
					: await image.jpeg({ quality: 88 }).toBuffer();
			bytes = new Uint8Array(out);
		} catch {
			throw new AppError('UPLOAD_BAD_TYPE', { [field]: '图片已损坏或无法读取，请重新拍摄或扫描' });
		}
	} else if (!isPlausiblePdf(raw)) {
		throw new AppError('UPLOAD_BAD_TYPE', { [field]: 'PDF 文件不完整或已损坏，请重新导出后上传' });
	}
	return {
		mime,
		bytes,
		size: bytes.length,
		sha256: createHash('sha256').update(bytes).digest('hex')
	};
}

function isPlausiblePdf(bytes: Uint8Array): boolean {
	const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
	return tail.includes('%%EOF');
}

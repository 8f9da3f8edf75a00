import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, isAppError } from '#lib/domain/errors.js';
import { sanitiseUpload } from './sanitise-upload.js';

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
 * never its name or the browser's claim; then `sanitiseUpload` (images re-encoded without
 * metadata, pixel limit read from the header; PDFs with active content refused).
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
	const mime = detected.mime as AcceptedUpload['mime'];
	if (mime === 'application/pdf' && !isPlausiblePdf(raw)) {
		throw new AppError('UPLOAD_BAD_TYPE', { [field]: 'PDF 文件不完整或已损坏，请重新导出后上传' });
	}
	let bytes: Uint8Array;
	try {
		bytes = await sanitiseUpload(raw, mime);
	} catch (e) {
		// The same refusal, shown beside the form's file field.
		if (isAppError(e)) throw new AppError(e.code, { [field]: e.message }, e.message);
		throw e;
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

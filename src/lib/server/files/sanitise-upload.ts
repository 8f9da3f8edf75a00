import { AppError } from '#lib/domain/errors.js';
import { findPdfActiveContent } from './pdf-active-content.js';

/**
 * Images larger than this are refused from their header, before any pixel is decoded: 40
 * megapixels is above every phone camera's default output (12–50 MP sensors bin to 12 MP) and
 * a 600 dpi A4 scan (35 MP), and bounds a decode to ~160 MB of memory.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

export type UploadMime = 'application/pdf' | 'image/jpeg' | 'image/png';

const PDF_ACTIVE = (name: string) =>
	`PDF 中含有脚本、自动执行的动作或嵌入的文件（${name}），为安全起见不能接收。请用“打印 → 另存为 PDF”或重新扫描，重新生成一份普通 PDF 后再上传。`;
const PDF_UNINSPECTABLE =
	'PDF 使用了无法检查的压缩或加密方式，为安全起见不能接收。请去掉密码保护，用“打印 → 另存为 PDF”重新生成一份普通 PDF 后再上传。';

/**
 * What the server keeps of an upload, on every path (resumable draft upload, multipart forms):
 * JPEG and PNG are re-encoded from their pixels, which drops EXIF (GPS, camera serials), XMP,
 * ICC and text chunks and anything appended after the image; EXIF orientation is applied first,
 * so the picture looks the same. PDFs are kept byte for byte unless they carry active content,
 * which is refused. Throws AppError('VALIDATION') with a Chinese message saying what to do.
 */
export async function sanitiseUpload(raw: Uint8Array, mime: UploadMime): Promise<Uint8Array> {
	if (mime === 'application/pdf') {
		const finding = findPdfActiveContent(raw);
		if (finding?.kind === 'active') throw new AppError('VALIDATION', {}, PDF_ACTIVE(finding.name));
		if (finding) throw new AppError('VALIDATION', {}, PDF_UNINSPECTABLE);
		return raw;
	}
	// Loaded on first upload only: keeps the native image library out of start-up.
	const { default: sharp } = await import('sharp');
	let meta: { width?: number; height?: number };
	try {
		// Reads the header only; sharp's own default limit (268 MP) would refuse a huge image here
		// with a generic error, before we can say how large it is.
		meta = await sharp(raw, { limitInputPixels: false }).metadata();
	} catch {
		throw new AppError('UPLOAD_BAD_TYPE', {}, '图片已损坏或无法读取，请重新拍摄或扫描后上传。');
	}
	const { width = 0, height = 0 } = meta;
	if (width * height > MAX_IMAGE_PIXELS) {
		throw new AppError(
			'VALIDATION',
			{},
			`图片尺寸过大（${width}×${height} 像素），最多 4000 万像素。请缩小图片或降低扫描分辨率（300 dpi 即可）后重新上传。`
		);
	}
	try {
		const image = sharp(raw, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
		const out =
			mime === 'image/png'
				? await image.png().toBuffer()
				: await image.jpeg({ quality: 88 }).toBuffer();
		return new Uint8Array(out);
	} catch {
		throw new AppError('UPLOAD_BAD_TYPE', {}, '图片已损坏或无法读取，请重新拍摄或扫描后上传。');
	}
}

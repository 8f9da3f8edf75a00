/**
 * Photos are shrunk on the phone before they are stored or sent: a 12-megapixel camera shot
 * becomes a few hundred KB, which fits IndexedDB quotas and a poor connection. Re-encoding
 * through a canvas also drops EXIF, so the shooting location never leaves the phone.
 * Browser-only (createImageBitmap, OffscreenCanvas or <canvas>); not unit-tested.
 */
import { PHOTO_SIZE } from '../../domain/application-form.js';

export const MAX_SIDE = 2000;
export const JPEG_QUALITY = 0.82;

/** A rectangle in source-image pixels, e.g. from a crop UI. */
export interface CropArea {
	x: number;
	y: number;
	width: number;
	height: number;
}

function canvas2d(width: number, height: number) {
	const canvas =
		typeof OffscreenCanvas === 'undefined'
			? Object.assign(document.createElement('canvas'), { width, height })
			: new OffscreenCanvas(width, height);
	const ctx = canvas.getContext('2d') as
		CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
	// JPEG has no transparency: paint white first, or a transparent PNG turns black.
	ctx.fillStyle = '#fff';
	ctx.fillRect(0, 0, width, height);
	ctx.imageSmoothingQuality = 'high';
	return { canvas, ctx };
}

function toJpeg(canvas: OffscreenCanvas | HTMLCanvasElement, quality: number): Promise<Blob> {
	if (canvas instanceof OffscreenCanvas)
		return canvas.convertToBlob({ type: 'image/jpeg', quality });
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob failed'))),
			'image/jpeg',
			quality
		)
	);
}

const decode = (file: Blob) => createImageBitmap(file, { imageOrientation: 'from-image' });

/** JPEG, longest side at most `maxSide`. Anything that is not an image (PDF) passes unchanged. */
export async function compressPhoto(
	file: Blob,
	{ maxSide = MAX_SIDE, quality = JPEG_QUALITY } = {}
): Promise<Blob> {
	if (!file.type.startsWith('image/')) return file;
	const bitmap = await decode(file);
	try {
		const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
		const width = Math.round(bitmap.width * scale);
		const height = Math.round(bitmap.height * scale);
		const { canvas, ctx } = canvas2d(width, height);
		ctx.drawImage(bitmap, 0, 0, width, height);
		return await toJpeg(canvas, quality);
	} finally {
		bitmap.close();
	}
}

/** The largest centred area of the 2-inch aspect ratio (413:579). */
export function centredCrop(width: number, height: number): CropArea {
	const ratio = PHOTO_SIZE.width / PHOTO_SIZE.height;
	const w = Math.min(width, height * ratio);
	const h = w / ratio;
	return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

/** The 2-inch ID photo: exactly 413×579 px JPEG, from `area` or a centred crop. */
export async function cropToTwoInch(image: Blob | ImageBitmap, area?: CropArea): Promise<Blob> {
	const bitmap = image instanceof Blob ? await decode(image) : image;
	try {
		const src = area ?? centredCrop(bitmap.width, bitmap.height);
		const { canvas, ctx } = canvas2d(PHOTO_SIZE.width, PHOTO_SIZE.height);
		ctx.drawImage(
			bitmap,
			src.x,
			src.y,
			src.width,
			src.height,
			0,
			0,
			PHOTO_SIZE.width,
			PHOTO_SIZE.height
		);
		return await toJpeg(canvas, 0.92);
	} finally {
		if (image instanceof Blob) bitmap.close();
	}
}

/**
 * Camera frames of a PRINTED certificate, as a phone sees it: the signed PDF of a real issued
 * certificate is rendered (pdftoppm, 300 dpi), laid on a table, scaled so its QR code is `qr`
 * pixels wide, rotated, tilted, lit unevenly, blurred, made noisy or dull, JPEG-compressed
 * (sharp, at the given quality) and written as a .y4m video that Chromium's fake camera plays
 * (ffmpeg). Shared by tests/e2e/scanner-degraded.e2e.ts and the scanner benchmark.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { QR_BOX } from '../../src/lib/server/certificates/layout.js';
import { PAGE } from '../../src/lib/server/certificates/theme.js';

export interface Frame {
	name: string;
	/** Stream size. */
	width: number;
	height: number;
	/** Width of the printed QR box (code and its quiet zone) in the frame, before the tilt. */
	qr: number;
	/** Where the code's centre is, as a fraction of the frame (0.5, 0.5 = centre). */
	at?: [number, number];
	/** Rotation in degrees (clockwise). */
	rotate?: number;
	/** Photo taken at an angle: the far edge (`top` or `left`) is this much shorter (0–1). */
	tilt?: { edge: 'top' | 'left'; by: number };
	/** Gaussian blur, sigma in pixels. */
	blur?: number;
	/** Brightness multiplied from `from` at one side to 1 at the other (lamp off to one side). */
	uneven?: number;
	/** A bright specular spot (glare) of this radius (fraction of the frame height) on the code. */
	glare?: number;
	/** Contrast (1 = unchanged), around mid grey. */
	contrast?: number;
	/** Brightness offset (-1…1). */
	brightness?: number;
	/** Uniform noise strength (ffmpeg `noise`, 0–100). */
	noise?: number;
	/** JPEG quality of the photo (sharp). */
	jpeg: number;
}

/** At least 12 frames, each harder than a photo taken with care. */
export const DEGRADED_FRAMES: Frame[] = [
	// the frame: a tablet read it, a phone never did
	{ name: 'issue-640x480', width: 640, height: 480, qr: 200, rotate: 12, blur: 1.5, jpeg: 60 },
	{ name: 'issue-1280x960', width: 1280, height: 960, qr: 200, rotate: 12, blur: 1.5, jpeg: 60 },
	{ name: 'rotated-35', width: 640, height: 480, qr: 220, rotate: 35, blur: 1, jpeg: 60 },
	{
		name: 'perspective-top',
		width: 1280,
		height: 720,
		qr: 300,
		tilt: { edge: 'top', by: 0.3 },
		blur: 1,
		jpeg: 70
	},
	{
		name: 'perspective-side',
		width: 640,
		height: 480,
		qr: 230,
		rotate: -8,
		tilt: { edge: 'left', by: 0.25 },
		blur: 1,
		jpeg: 65
	},
	{ name: 'glare', width: 1280, height: 720, qr: 300, rotate: 5, glare: 0.18, blur: 1, jpeg: 65 },
	{ name: 'uneven-light', width: 640, height: 480, qr: 220, rotate: -7, uneven: 0.3, jpeg: 60 },
	{
		name: 'low-contrast',
		width: 640,
		height: 480,
		qr: 220,
		rotate: 4,
		contrast: 0.3,
		brightness: 0.1,
		blur: 1,
		jpeg: 60
	},
	{ name: 'noise', width: 640, height: 480, qr: 220, rotate: 9, noise: 30, blur: 1, jpeg: 60 },
	{
		name: 'dim-720p',
		width: 1280,
		height: 720,
		qr: 260,
		brightness: -0.3,
		contrast: 0.6,
		noise: 12,
		jpeg: 60
	},
	{
		name: 'small-720p',
		width: 1280,
		height: 720,
		qr: 160,
		at: [0.62, 0.42],
		rotate: 6,
		blur: 1,
		jpeg: 70
	},
	{
		name: 'small-1080p',
		width: 1920,
		height: 1080,
		qr: 190,
		at: [0.4, 0.58],
		rotate: -10,
		blur: 1.2,
		jpeg: 70
	},
	{ name: 'large-1080p', width: 1920, height: 1080, qr: 480, rotate: 20, blur: 2.5, jpeg: 60 },
	{
		name: 'everything-720p',
		width: 1280,
		height: 720,
		qr: 280,
		rotate: 10,
		tilt: { edge: 'top', by: 0.15 },
		glare: 0.12,
		uneven: 0.55,
		blur: 1.5,
		jpeg: 55
	}
];

const DPI = 300;
/** The printed QR box on the rendered page, in pixels. */
const box = {
	x: (QR_BOX.x * DPI) / 72,
	y: ((PAGE.height - QR_BOX.y - QR_BOX.height) * DPI) / 72,
	side: (QR_BOX.width * DPI) / 72
};

function run(cmd: string, args: string[]) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
	if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr || r.error}`);
}

/**
 * The same page as printed before the compact QR: `url` (the old `/v/<base64url>` form) in
 * byte mode at level M, as qrcode made it then, drawn over the page's QR box.
 */
export async function withOldQr(page: string, url: string, dir: string): Promise<string> {
	const side = Math.round(box.side);
	const code = await QRCode.toBuffer([{ data: new TextEncoder().encode(url), mode: 'byte' }], {
		errorCorrectionLevel: 'M',
		margin: 4,
		width: side
	});
	const out = path.join(dir, 'page-old-qr.png');
	await sharp(page)
		.composite([
			{
				input: await sharp(code).resize(side, side).toBuffer(),
				left: Math.round(box.x),
				top: Math.round(box.y)
			}
		])
		.toFile(out);
	return out;
}

/** The certificate's first page as a PNG at 300 dpi. */
export function renderPage(pdf: string, dir: string): string {
	const base = path.join(dir, 'page');
	run('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', pdf, base]);
	return `${base}.png`;
}

const round2 = (n: number) => Math.round(n / 2) * 2;

/** The ffmpeg filter chain that photographs the page as `f`. */
function filters(f: Frame): string {
	const s = f.qr / box.side;
	const [ax, ay] = f.at ?? [0.5, 0.5];
	// a working canvas larger than the frame, so rotating and tilting never show its edge
	const W = round2(f.width * 1.6);
	const H = round2(f.height * 1.6);
	// that canvas in the page's own pixels, cropped first (scaling a whole page is slow)
	const pageW = Math.round((PAGE.width * DPI) / 72);
	const pageH = Math.round((PAGE.height * DPI) / 72);
	const wp = Math.round(W / s);
	const hp = Math.round(H / s);
	// the code's centre ends up at (ax, ay) of the frame
	const x0 = Math.round(box.x + box.side / 2 - wp / 2 - ((ax - 0.5) * f.width) / s);
	const y0 = Math.round(box.y + box.side / 2 - hp / 2 - ((ay - 0.5) * f.height) / s);
	// the desk the print lies on, where the canvas reaches past the page
	const left = Math.max(0, -x0);
	const top = Math.max(0, -y0);
	const right = Math.max(0, x0 + wp - pageW);
	const bottom = Math.max(0, y0 + hp - pageH);
	const chain = [
		`pad=iw+${left + right}:ih+${top + bottom}:${left}:${top}:color=0x5a4a3c`,
		`crop=${wp}:${hp}:${x0 + left}:${y0 + top}`,
		`scale=${W}:${H}:flags=lanczos`
	];
	if (f.rotate) chain.push(`rotate=${(f.rotate * Math.PI) / 180}:fillcolor=0x5a4a3c`);
	if (f.tilt) {
		const d = f.tilt.by / 2;
		const c =
			f.tilt.edge === 'top'
				? [W * d, 0, W * (1 - d), 0, 0, H, W, H]
				: [0, H * d, W, 0, 0, H * (1 - d), W, H];
		chain.push(`perspective=${c.map(Math.round).join(':')}:sense=destination:interpolation=cubic`);
	}
	chain.push(`crop=${f.width}:${f.height}`, 'format=yuv444p');
	const lum: string[] = ['lum(X,Y)'];
	if (f.uneven) lum[0] = `${lum[0]}*(${f.uneven}+(1-${f.uneven})*X/W)`;
	if (f.glare) {
		// a lamp's reflection on the glossy print, over the code's data right of its centre
		const gx = ax * f.width + f.qr * 0.1;
		const gy = ay * f.height - f.qr * 0.05;
		const r = f.glare * f.height;
		lum[0] = `min(255,${lum[0]}+200*exp(-((X-${gx})*(X-${gx})+(Y-${gy})*(Y-${gy}))/${2 * r * r}))`;
	}
	if (lum[0] !== 'lum(X,Y)') chain.push(`geq=lum='${lum[0]}':cb='cb(X,Y)':cr='cr(X,Y)'`);
	if (f.contrast !== undefined || f.brightness !== undefined)
		chain.push(`eq=contrast=${f.contrast ?? 1}:brightness=${f.brightness ?? 0}`);
	if (f.blur) chain.push(`gblur=sigma=${f.blur}`);
	if (f.noise) chain.push(`noise=alls=${f.noise}:allf=u`);
	return chain.join(',');
}

/** Writes `f` as a JPEG (the photo) and a .y4m of 6 frames at 15 fps (the camera, looped). */
export async function makeFrame(page: string, f: Frame, dir: string) {
	const png = path.join(dir, `${f.name}.png`);
	run('ffmpeg', ['-y', '-loglevel', 'error', '-i', page, '-vf', filters(f), '-frames:v', '1', png]);
	const jpg = path.join(dir, `${f.name}.jpg`);
	writeFileSync(jpg, await sharp(png).jpeg({ quality: f.jpeg }).toBuffer());
	const y4m = path.join(dir, `${f.name}.y4m`);
	run('ffmpeg', [
		'-y',
		'-loglevel',
		'error',
		'-loop',
		'1',
		'-i',
		jpg,
		'-t',
		'0.4',
		'-r',
		'15',
		'-pix_fmt',
		'yuv420p',
		y4m
	]);
	return { jpg, y4m };
}

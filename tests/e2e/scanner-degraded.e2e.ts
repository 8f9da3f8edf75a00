/**
 * The live scanner on a PHONE (390×844, as an iPhone 12–15) reads photographs of a printed
 * certificate: a real issued certificate's signed PDF is rendered and degraded (rotation, blur,
 * JPEG, perspective, glare, uneven light, low contrast, noise, a small code, 720p and 1080p
 * streams: degraded-frames.ts), and each frame is played by Chromium's fake camera — one
 * browser per frame, as a fake capture file is fixed per launch. Every one must give the
 * certificate's verdict. Before the scanner decoded the camera's full-resolution frame it
 * read none of the phone's frames (html5-qrcode's qrbox canvas, in CSS pixels, shrank the code
 * below 2 px per module), while a tablet read the first one.
 *
 * Timings are recorded as annotations only; the goal (≤ 500 ms) is in `npm run bench -- scan`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { verdictLabels } from '../../src/lib/domain/verification.js';
import { chromiumArgs, chromiumPath } from './browser.js';
import { PHONE } from './phone.js';
import { toQrToken } from '../../src/lib/domain/certificate-token.js';
import {
	DEGRADED_FRAMES,
	makeFrame,
	renderPage,
	withOldQr,
	type Frame
} from './degraded-frames.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';
import { checkTools } from '../fixtures/certificates/tools.js';

// The frames are made with pdftoppm and ffmpeg: like Chromium, missing ones skip these tests
// loudly outside CI and fail them in CI.
const tools = checkTools(['ffmpeg', 'pdftoppm'], process.env, 'DEGRADED-FRAME SCANNER TESTS');
if (tools.line && process.env.TEST_WORKER_INDEX !== undefined) console.error(`\n${tools.line}\n`);
test.skip(tools.verdict === 'skip', 'ffmpeg or pdftoppm is not installed');

const PORT = Number(process.env.E2E_SCAN_PORT ?? 4396);

let server: VerifyServer;
let dir: string;
let pagePng: string;

test.beforeAll(async () => {
	if (tools.verdict === 'skip') return;
	test.setTimeout(120_000);
	server = await startVerifyServer(PORT, {}, { certificatePdf: true });
	dir = mkdtempSync(path.join(tmpdir(), 'zc-degraded-'));
	pagePng = renderPage(server.certificatePdf!, dir);
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Plays `frame` of `page` to the phone's camera on /scan; returns the page's marks. */
async function scanFrame(page_: string, frame: Frame) {
	const { y4m } = await makeFrame(page_, frame, dir);
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: [
			...chromiumArgs,
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${y4m}`
		]
	});
	try {
		const context = await browser.newContext({
			...PHONE,
			baseURL: server.origin,
			locale: 'zh-CN',
			timezoneId: 'Asia/Shanghai',
			permissions: ['camera']
		});
		const page = await context.newPage();
		await page.goto('/scan');
		const status = page.getByTestId('offline-status');
		await expect(status).toHaveAttribute('data-ready', 'true');
		await expect(status).toHaveAttribute('data-decoder-ready', 'true');
		await page.getByTestId('start-camera').click();
		const verdict = page.getByTestId('verdict');
		await expect(verdict).toHaveAttribute('data-verdict', 'valid', { timeout: 20_000 });
		await expect(page.getByTestId('verdict-word')).toContainText(verdictLabels.valid);
		await expect(page.getByTestId('certificate-fields')).toContainText(validNo());
		const m = await page.evaluate(() => {
			const s = (window as unknown as { __zcScan: Record<string, number> }).__zcScan;
			return {
				decodeMs: Math.round(s.decodedAt - s.cameraReadyAt),
				stream: `${s.streamWidth}×${s.streamHeight}`
			};
		});
		test.info().annotations.push({ type: 'timing', description: JSON.stringify(m) });
		// the camera really delivered the frame's size (the page decodes at that size)
		expect(m.stream).toBe(`${frame.width}×${frame.height}`);
		await context.close();
		return m;
	} finally {
		await browser.close();
	}
}

const validToken = () => server.vector('valid').token;
const validNo = () => server.data.valid.find((c) => c.token === validToken())!.no;

for (const frame of DEGRADED_FRAMES) {
	test(`phone camera reads a photographed print: ${frame.name} (${frame.width}×${frame.height})`, async () => {
		test.setTimeout(45_000);
		await scanFrame(pagePng, frame);
	});
}

test('a certificate printed before the compact QR (old /v/<base64url> URL, byte mode, level M) still reads and verifies', async ({
	request
}) => {
	test.setTimeout(45_000);
	const oldUrl = `${server.origin}/v/${validToken()}`;
	const oldPage = await withOldQr(pagePng, oldUrl, dir);
	await scanFrame(oldPage, { ...DEGRADED_FRAMES[0], name: 'old-format-640x480' });
	// the verification page and the API, for the old form and the new upper-case one
	const digits = toQrToken(validToken());
	for (const path of [`/v/${validToken()}`, `/V/${digits}`, `/v/${digits}`]) {
		const html = await (await request.get(`${server.origin}${path}`)).text();
		expect(html, path).toContain(verdictLabels.valid);
		expect(html, path).toContain(validNo());
	}
	for (const token of [validToken(), digits]) {
		const body = await (await request.get(`${server.origin}/api/v1/verify/${token}`)).json();
		expect(body.verdict).toBe('valid');
		expect(body.certificate.certificateNo).toBe(validNo());
	}
	// one digit changed: forged
	const forged = `${digits.slice(0, -1)}${digits.at(-1) === '1' ? 2 : 1}`;
	expect(await (await request.get(`${server.origin}/V/${forged}`)).text()).toContain(
		verdictLabels.invalid
	);
});

test('the issued PDF prints the compact QR: upper-case URL, the token in digits', () => {
	const r = spawnSync('zbarimg', ['-q', '--raw', pagePng], { encoding: 'utf8' });
	expect(r.stdout.trim()).toBe(`${server.origin.toUpperCase()}/V/${toQrToken(validToken())}`);
});

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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, devices, expect, test } from '@playwright/test';
import { verdictLabels } from '../../src/lib/domain/verification.js';
import { chromiumArgs, chromiumPath } from './browser.js';
import { DEGRADED_FRAMES, makeFrame, renderPage } from './degraded-frames.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

const PORT = Number(process.env.E2E_SCAN_PORT ?? 4394);
/** iPhone 12–15 CSS viewport, with a phone's pixel ratio and touch. */
export const PHONE = {
	...devices['Pixel 7'],
	viewport: { width: 390, height: 844 },
	screen: { width: 390, height: 844 },
	deviceScaleFactor: 3
} as Record<string, unknown>;
delete PHONE.defaultBrowserType;

let server: VerifyServer;
let dir: string;
let pagePng: string;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startVerifyServer(PORT, {}, { certificatePdf: true });
	dir = mkdtempSync(path.join(tmpdir(), 'zc-degraded-'));
	pagePng = renderPage(server.certificatePdf!, dir);
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const frame of DEGRADED_FRAMES) {
	test(`phone camera reads a photographed print: ${frame.name} (${frame.width}×${frame.height})`, async () => {
		test.setTimeout(45_000);
		const { y4m } = await makeFrame(pagePng, frame, dir);
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
			const no = server.data.valid.find((c) => c.token === server.vector('valid').token)!.no;
			await expect(page.getByTestId('certificate-fields')).toContainText(no);
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
		} finally {
			await browser.close();
		}
	});
}

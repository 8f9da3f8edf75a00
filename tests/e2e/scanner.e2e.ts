/**
 * The built-in scanner (/scan) in Chromium with a FAKE CAMERA: a QR code of a real issued
 * certificate's URL is turned into a .y4m video (ffmpeg) that Chromium plays as its camera.
 * Also the photo fallback for every shared vector, online and offline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, devices, expect, test, type Browser, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { verdictLabels } from '../../src/lib/domain/verification.js';
import { chromiumArgs, chromiumPath } from './browser.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

const PORT = 4392;
let server: VerifyServer;
let dir: string;
const phone = { ...devices['Pixel 7'] } as Record<string, unknown>;
delete phone.defaultBrowserType;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await startVerifyServer(PORT);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-scan-'));
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const urlOf = (token: string) => `${server.origin}/v/${token}`;

/** A QR code as printed (level M, quiet zone), as a PNG file. */
async function qrPng(text: string, name: string): Promise<string> {
	const file = path.join(dir, `${name}.png`);
	await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', margin: 4, width: 300 });
	return file;
}

/** The QR centred on a 640×480 white frame, 3 s of video (Chromium loops it). */
async function qrVideo(text: string, name: string): Promise<string> {
	const png = await qrPng(text, name);
	const y4m = path.join(dir, `${name}.y4m`);
	const r = spawnSync('ffmpeg', [
		'-y',
		'-loglevel',
		'error',
		'-loop',
		'1',
		'-i',
		png,
		'-t',
		'3',
		'-r',
		'15',
		'-vf',
		'scale=300:300,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white',
		'-pix_fmt',
		'yuv420p',
		y4m
	]);
	if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
	return y4m;
}

/** A Chromium of its own whose camera shows `video`; every request is recorded. */
async function withCamera(video: string, run: (page: Page, hosts: Set<string>) => Promise<void>) {
	const browser: Browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: [
			...chromiumArgs,
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	});
	try {
		const context = await browser.newContext({
			...phone,
			baseURL: server.origin,
			locale: 'zh-CN',
			timezoneId: 'Asia/Shanghai',
			permissions: ['camera']
		});
		const page = await context.newPage();
		const hosts = new Set<string>();
		page.on('request', (r) => hosts.add(new URL(r.url()).host));
		await run(page, hosts);
		await context.close();
	} finally {
		await browser.close();
	}
}

async function openScanner(page: Page) {
	await page.goto('/scan');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-decoder-ready', 'true');
}

async function marks(page: Page) {
	return page.evaluate(() => {
		const m = (window as unknown as { __zcScan: Record<string, number> }).__zcScan;
		return {
			decodeMs: m.decodedAt - m.cameraReadyAt,
			offlineMs: m.offlineVerdictAt - m.decodedAt
		};
	});
}

for (const [name, expected] of [
	['valid', 'valid'],
	['forged-signature', 'invalid'],
	['revoked', 'revoked']
] as const) {
	test(`camera scan of the ${name} vector: ${verdictLabels[expected]}, confirmed online`, async () => {
		const video = await qrVideo(urlOf(server.vector(name).token), name);
		await withCamera(video, async (page, hosts) => {
			await openScanner(page);
			await page.getByTestId('start-camera').click();
			const verdict = page.getByTestId('verdict');
			await expect(verdict).toHaveAttribute('data-verdict', expected);
			await expect(page.getByTestId('verdict-word')).toContainText(verdictLabels[expected]);
			await expect(verdict).toHaveAttribute('data-mode', 'online');
			await expect(page.getByTestId('verdict-mode')).toContainText('在线核验');
			const m = await marks(page);
			test.info().annotations.push({ type: 'timing', description: JSON.stringify(m) });
			expect(m.offlineMs).toBeLessThan(1000);
			expect([...hosts]).toEqual([`127.0.0.1:${PORT}`]);
		});
	});
}

test('offline after the first visit: the camera verdict comes from cached keys and status list, labelled “状态截至”', async () => {
	const valid = await qrVideo(urlOf(server.vector('valid').token), 'offline-valid');
	await withCamera(valid, async (page) => {
		await openScanner(page);
		await page.context().setOffline(true);
		await page.getByTestId('start-camera').click();
		const verdict = page.getByTestId('verdict');
		await expect(verdict).toHaveAttribute('data-verdict', 'valid');
		await expect(verdict).toHaveAttribute('data-mode', 'offline');
		await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
		await expect(page.getByTestId('certificate-fields')).toContainText('测试机构');
		// the online upgrade failed quietly: still the offline verdict, no error
		await expect(page.getByTestId('verdict-mode')).not.toContainText('正在联网确认', {
			timeout: 10_000
		});
		await expect(verdict).toHaveAttribute('data-mode', 'offline');
	});
	const revoked = await qrVideo(urlOf(server.vector('revoked').token), 'offline-revoked');
	await withCamera(revoked, async (page) => {
		await openScanner(page);
		await page.context().setOffline(true);
		await page.getByTestId('start-camera').click();
		await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'revoked');
		await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
	});
});

test('scan from a photo: every shared vector and an archive form, online, then offline from the cached data', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await openScanner(page);
	const files = new Map<string, string>();
	for (const v of server.data.vectors)
		files.set(v.name, await qrPng(urlOf(v.token), `photo-${v.name}`));
	for (const offline of [false, true]) {
		await context.setOffline(offline);
		for (const v of server.data.vectors) {
			const expected = offline ? v.expectOffline : v.expect;
			await page.getByTestId('photo-input').setInputFiles(files.get(v.name)!);
			const verdict = page.getByTestId('verdict');
			await expect(verdict, `${v.name} offline=${offline}`).toHaveAttribute(
				'data-mode',
				offline ? 'offline' : 'online'
			);
			await expect(verdict, `${v.name} offline=${offline}`).toHaveAttribute(
				'data-verdict',
				expected
			);
			await expect(page.getByTestId('verdict-mode')).not.toContainText('正在联网确认');
		}
		// an archive form's QR (评审表/认定表): its own signature, and the register when online
		const form = await qrPng(`${server.origin}/v/f/${server.data.formToken}`, 'photo-form');
		await page.getByTestId('photo-input').setInputFiles(form);
		const verdict = page.getByTestId('verdict');
		await expect(verdict).toHaveAttribute('data-mode', offline ? 'offline' : 'online');
		await expect(verdict).toHaveAttribute('data-verdict', 'valid');
		await expect(page.locator('dl.facts')).toContainText('专业技术人员职称认定表');
	}
	await context.close();
});

test('the decoder is loaded lazily, its wasm self-hosted, and no page calls a third-party host', async ({
	page
}) => {
	const requested: string[] = [];
	page.on('request', (r) => requested.push(r.url()));
	const scripts: string[] = [];
	page.on('response', async (r) => {
		if (r.request().resourceType() === 'script') scripts.push(await r.text().catch(() => ''));
	});
	await page.goto(`${server.origin}/verify`);
	await page.goto(`${server.origin}/`);
	await page.waitForLoadState('networkidle');
	expect(scripts.some((s) => s.includes('html5qrcode.min.js'))).toBe(false);
	await page.goto(`${server.origin}/scan`);
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await expect
		.poll(() =>
			requested.some((u) => /\/_app\/immutable\/assets\/zxing_reader\.[\w-]+\.wasm$/.test(u))
		)
		.toBe(true);
	await expect.poll(() => scripts.some((s) => s.includes('html5qrcode.min.js'))).toBe(true);
	for (const u of requested) expect(new URL(u).origin).toBe(server.origin);
});

test('after one online visit the scanner page itself opens offline (service worker) and verifies a photo', async ({
	browser
}) => {
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await openScanner(page);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r));
	});
	await page.reload(); // controlled now: the worker keeps this page (network first)
	await openScanner(page);
	await context.setOffline(true);
	await page.reload();
	await openScanner(page);
	const png = await qrPng(urlOf(server.vector('revoked').token), 'sw-revoked');
	await page.getByTestId('photo-input').setInputFiles(png);
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'revoked');
	await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
	await context.close();
});

/**
 * The scanner offline, as its page promises ("首次联网打开本页后…"): after ONE online visit to
 * any page, a fresh phone verifies a real issued certificate's QR code without network; and
 * trust data past its maximum age is said plainly, with the time it was fetched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { maxAgeSeconds } from '../../src/lib/domain/trust-freshness.js';
import { formatChinaTime } from '../../src/lib/domain/verification.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

/** A port of this run's own (next to the suite's server), for the vectors' database. */
const PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
let server: VerifyServer;
let dir: string;
const phone = { ...devices['Pixel 7'] } as Record<string, unknown>;
delete phone.defaultBrowserType;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await startVerifyServer(PORT);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-offline-scan-'));
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh phone: a new browser profile (context), nothing cached. */
const freshPhone = (browser: Browser) =>
	browser.newContext({
		...phone,
		baseURL: server.origin,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai'
	});

async function qrPng(token: string, name: string): Promise<string> {
	const file = path.join(dir, `${name}.png`);
	await QRCode.toFile(file, `${server.origin}/v/${token}`, {
		errorCorrectionLevel: 'M',
		margin: 4,
		width: 300
	});
	return file;
}

const controlled = (page: Page) =>
	page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 30_000
	});

async function openScannerOffline(page: Page) {
	await page.goto('/scan');
	await expect(page.getByRole('heading', { name: '扫码核验证书' })).toBeVisible();
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-decoder-ready', 'true');
}

test('first visit to the home page only, then offline: /scan opens and verifies a real certificate from a photo', async ({
	browser
}) => {
	const context = await freshPhone(browser);
	const page = await context.newPage();
	const before = Date.now();
	await page.goto('/');
	await controlled(page);
	const after = Date.now();
	// the home page never asked for the scanner: everything came with the worker's install
	await context.setOffline(true);
	await openScannerOffline(page);
	expect(page.url()).not.toMatch(/^chrome-error:/);
	// "updated at": when the worker fetched the data, not now
	const fetchedAt = Date.parse(
		(await page.getByTestId('offline-status').getAttribute('data-fetched-at'))!
	);
	expect(fetchedAt).toBeGreaterThanOrEqual(before - 1000);
	expect(fetchedAt).toBeLessThanOrEqual(after + 1000);
	await expect(page.getByTestId('offline-status')).toContainText(
		formatChinaTime(new Date(fetchedAt))
	);

	await page
		.getByTestId('photo-input')
		.setInputFiles(await qrPng(server.vector('valid').token, 'v'));
	const verdict = page.getByTestId('verdict');
	await expect(verdict).toHaveAttribute('data-verdict', 'valid');
	await expect(verdict).toHaveAttribute('data-mode', 'offline');
	await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
	await expect(page.getByTestId('stale-warning')).toHaveCount(0);
	// and a revoked one is caught offline too (the status list came with the install)
	await page
		.getByTestId('photo-input')
		.setInputFiles(await qrPng(server.vector('revoked').token, 'r'));
	await expect(verdict).toHaveAttribute('data-verdict', 'revoked');
	await context.close();
});

test('trust data past its maximum age: the offline verdict says so in large words, with the time it was fetched', async ({
	browser
}) => {
	const context = await freshPhone(browser);
	const page = await context.newPage();
	await page.goto('/scan');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await controlled(page);
	const list = await (await fetch(`${server.origin}/api/v1/status-list`)).text();
	const ttl = (
		JSON.parse(Buffer.from(list.split('.')[1], 'base64url').toString()) as { ttl: number }
	).ttl;
	await context.setOffline(true);
	// the phone's clock, later than the data's maximum age
	const later = Date.now() + (maxAgeSeconds(ttl) + 3600) * 1000;
	await page.clock.install({ time: later });
	await openScannerOffline(page);
	const status = page.getByTestId('offline-status');
	await expect(status).toHaveAttribute('data-stale', 'true');
	const fetchedAt = new Date(Date.parse((await status.getAttribute('data-fetched-at'))!));
	expect(fetchedAt.getTime()).toBeLessThan(later - maxAgeSeconds(ttl) * 1000);
	// "updated at" is the fetch, not the (later) current time
	await expect(status).toContainText(formatChinaTime(fetchedAt));
	await expect(status).not.toContainText(formatChinaTime(new Date(later)));
	await expect(status).toContainText('已过期');

	await page
		.getByTestId('photo-input')
		.setInputFiles(await qrPng(server.vector('valid').token, 's'));
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-mode', 'offline');
	const warning = page.getByTestId('stale-warning');
	await expect(warning).toBeVisible();
	await expect(warning).toContainText('离线核验数据已过期');
	const since = new Date(fetchedAt.getTime() + maxAgeSeconds(ttl) * 1000);
	await expect(warning).toContainText(`自 ${formatChinaTime(since)} 起已过期`);
	await expect(warning).toContainText(`下载于 ${formatChinaTime(fetchedAt)}`);
	await expect(warning).toContainText('请联网刷新');
	// large words: bigger than the page's text
	const size = await warning
		.locator('.title')
		.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(size).toBeGreaterThanOrEqual(24);
	await context.close();
});

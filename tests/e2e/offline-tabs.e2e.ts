/**
 * No offline dead ends (phone): after one online visit, every tab of a signed-in applicant
 * opens offline as an app page — the applications, certificates and messages as last synced,
 * labelled with that time — and every other link gives the app's Chinese offline page, never
 * the browser's own error page. A certificate PDF downloaded once opens offline, for this
 * session only.
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support.js';

/** 黄海燕 (demo): holds an electronic certificate. */
const HOLDER = '13807720002';
const TABS = [
	{ name: '我的申请', path: '/applications', heading: '我的申请' },
	{ name: '我的证书', path: '/certificates', heading: '我的证书' },
	{ name: '消息', path: '/notifications', heading: '消息' },
	{ name: '填写申请', path: '/drafts', heading: '我的申请草稿' },
	{ name: '我的账号', path: '/account', heading: '我的账号' }
] as const;
const SYNCED_AT = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}|\d{4}年\d{1,2}月\d{1,2}日/;

const kept = (page: Page, paths: readonly string[]) =>
	page.evaluate(
		async (list) =>
			(await Promise.all(list.map((p) => caches.match(p, { ignoreVary: true })))).every(Boolean),
		paths
	);

/** Ours, not the browser's: no chrome-error:// URL, and the app's own header. */
async function expectAppPage(page: Page, what: string) {
	expect(page.url(), what).not.toMatch(/^chrome-error:/);
	await expect(page.locator('header').first(), what).toContainText('职称服务平台');
}

/** Taps a link and waits for its page (a full load offline: the client router falls back). */
async function tapOffline(page: Page, link: ReturnType<Page['getByRole']>) {
	const href = (await link.getAttribute('href'))!;
	await link.click();
	await page.waitForURL((u) => u.pathname === href || u.protocol === 'chrome-error:');
	await page.waitForLoadState('domcontentloaded');
}

test('offline after one online visit: every tab is an app page, labelled with the last-synced time', async ({
	page,
	context
}) => {
	await signIn(page, HOLDER, { next: '/applications', hydrated: true });
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 30_000
	});
	// the one online visit warms every tab for this session
	await expect
		.poll(
			() =>
				kept(
					page,
					TABS.map((t) => t.path)
				),
			{ timeout: 30_000 }
		)
		.toBe(true);
	await context.setOffline(true);
	const nav = page.getByRole('navigation', { name: '主导航' });
	for (const tab of TABS) {
		await tapOffline(page, nav.getByRole('link', { name: tab.name }));
		await expect(page).toHaveURL(new RegExp(`${tab.path}$`));
		await expectAppPage(page, tab.name);
		await expect(page.getByRole('heading', { level: 1, name: tab.heading })).toBeVisible();
		const label = page.getByTestId('offline-copy');
		await expect(label, tab.name).toContainText('当前没有网络');
		await expect(label, tab.name).toContainText(SYNCED_AT);
	}
	// the applications as last synced: the list is there
	await tapOffline(page, nav.getByRole('link', { name: '我的申请' }));
	await expect(page.locator('main')).not.toContainText('当前没有网络');

	// links to pages that need the network: the app's offline page, in Chinese, saying what works
	for (const name of ['公示公告', '我的声明作废', '我的信用记录']) {
		await tapOffline(page, page.locator('footer').getByRole('link', { name }));
		await expectAppPage(page, name);
		await expect(page.getByTestId('offline-page')).toContainText('当前没有网络');
		await expect(page.getByTestId('offline-page')).toContainText('这个页面需要联网');
		await expect(
			page.getByTestId('offline-page').getByRole('link', { name: '我的申请' })
		).toBeVisible();
		await expect(page.getByTestId('offline-page')).toContainText(SYNCED_AT);
		await tapOffline(
			page,
			page.getByTestId('offline-page').getByRole('link', { name: '我的证书' })
		);
		await expect(page.getByRole('heading', { level: 1, name: '我的证书' })).toBeVisible();
	}
	// the guides need no server: they open in the app offline
	await tapOffline(page, page.locator('footer').getByRole('link', { name: '办事指南' }));
	await expectAppPage(page, '办事指南');
	await expect(page.getByRole('heading', { level: 1, name: '办事指南' })).toBeVisible();
	// a typed address that was never kept: the offline page, not the browser's
	await page.goto('/certificates/checks');
	await expectAppPage(page, 'typed address');
	await expect(page.getByTestId('offline-page')).toBeVisible();
	// and a staff screen
	await page.goto('/review');
	await expect(page.getByTestId('offline-page')).toBeVisible();
	await context.setOffline(false);
});

test('the certificate PDF is available offline once downloaded, and goes with the session', async ({
	page,
	context
}) => {
	await signIn(page, HOLDER, { next: '/certificates', hydrated: true });
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 30_000
	});
	await expect.poll(() => kept(page, ['/certificates']), { timeout: 30_000 }).toBe(true);
	const card = page.getByTestId('certificate').first();
	const href = (await card.getByRole('link', { name: /下载电子证书/ }).getAttribute('href'))!;

	// not downloaded yet: offline, the page says so (no dead link)
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('pdf-not-kept').first()).toBeVisible();
	await context.setOffline(false);

	await page.goto('/certificates');
	const [online] = await Promise.all([
		page.waitForEvent('download'),
		card.getByRole('link', { name: /下载电子证书/ }).click()
	]);
	const bytes = Buffer.concat(await (await online.createReadStream()).toArray());
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	await expect.poll(() => kept(page, [href]), { timeout: 15_000 }).toBe(true);

	await context.setOffline(true);
	await page.reload();
	await expectAppPage(page, 'certificates offline');
	await expect(page.getByTestId('pdf-offline').first()).toBeVisible();
	// the holder shows it: the print view (inline) and the saved file, both the same signed PDF
	const viewer = await page.evaluate(async (url) => {
		const r = await fetch(`${url}?print=1`);
		return {
			status: r.status,
			type: r.headers.get('content-type'),
			disposition: r.headers.get('content-disposition'),
			bytes: Array.from(new Uint8Array(await r.arrayBuffer()))
		};
	}, href);
	expect(viewer.status).toBe(200);
	expect(viewer.type).toBe('application/pdf');
	expect(viewer.disposition).toMatch(/^inline/);
	expect(Buffer.from(viewer.bytes).equals(bytes)).toBe(true);
	const [offline] = await Promise.all([
		page.waitForEvent('download'),
		card.getByRole('link', { name: '保存 PDF' }).click()
	]);
	expect(Buffer.concat(await (await offline.createReadStream()).toArray()).equals(bytes)).toBe(
		true
	);
	await context.setOffline(false);

	// signing out on a shared phone takes the PDF away with the pages
	await page.goto('/certificates');
	await page.locator('header').getByRole('button', { name: '退出登录' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/certificates'));
	await expect.poll(() => kept(page, [href])).toBe(false);
});

/**
 * Opens /scan offline. A navigation still settling from the previous tap can abort this one
 * (net::ERR_ABORTED, seen 1 run in 3 in CI); what a person sees then is the page they get by
 * opening it again, so it is opened again once. The assertions that follow are unchanged.
 */
async function gotoScan(page: import('@playwright/test').Page) {
	try {
		await page.goto('/scan');
	} catch (e) {
		if (!String(e).includes('ERR_ABORTED')) throw e;
		await page.waitForLoadState('load').catch(() => undefined);
		await page.goto('/scan');
	}
}

test('signed out, after one visit to the home page: every tab offline is an app page too', async ({
	page,
	context
}) => {
	await page.goto('/');
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 30_000
	});
	await context.setOffline(true);
	const nav = page.getByRole('navigation', { name: '主导航' });
	// each one is a page of the app that works offline, or the app's offline page
	const expected = {
		证书查验: '证书查询',
		扫码验证: '扫码核验证书',
		登录: /登录|当前没有网络/,
		注册: /注册|当前没有网络/
	} as const;
	for (const [name, heading] of Object.entries(expected)) {
		await gotoScan(page);
		await tapOffline(page, nav.getByRole('link', { name }));
		await expectAppPage(page, name);
		await expect(page.getByRole('heading', { level: 1 }).first(), name).toHaveText(heading);
	}
	// the sign-in page needs the server: offline it is the app's offline page, with the scanner
	await page.goto('/login');
	await expect(
		page.getByTestId('offline-page').getByRole('link', { name: '扫码核验证书' })
	).toBeVisible();
	// a form sent offline (the lookup, which opened in the app): an app page, not the browser's
	await page.goto('/scan');
	await tapOffline(page, nav.getByRole('link', { name: '证书查验' }));
	await page.getByLabel('证书编号').fill('2026020100000001');
	await page.getByLabel('持证人姓名').fill('覃志堃');
	await page.getByRole('button', { name: '查询' }).click();
	await page.waitForLoadState('domcontentloaded');
	await expectAppPage(page, 'lookup offline');
	await expect(page.locator('body')).toContainText('当前没有网络');
	await context.setOffline(false);
});

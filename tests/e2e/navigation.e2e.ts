/**
 * The main navigation on a phone: a tab bar at the bottom of the screen, within reach of a thumb,
 * with large touch targets, the current page marked, and out of the way of task screens that
 * have their own bottom action bar. On a tablet the same links sit in the header.
 */
import { devices, expect, test } from '@playwright/test';
import { signIn } from './support.js';

test('on a phone the main navigation is a bottom tab bar with thumb-sized tabs and the current page marked', async ({
	page
}) => {
	await signIn(page, '13807720001');
	await page.goto('/applications');
	const viewport = page.viewportSize()!;
	const nav = page.getByRole('navigation', { name: '主导航' });
	const bar = (await nav.boundingBox())!;
	expect(Math.round(bar.y + bar.height)).toBe(viewport.height);
	expect(bar.width).toBe(viewport.width);

	const tabs = nav.getByRole('link');
	await expect(tabs).toHaveText(['我的申请', '我的证书', '消息', '填写申请', '我的账号']);
	for (const tab of await tabs.all()) {
		const box = (await tab.boundingBox())!;
		expect(box.height, 'tab height').toBeGreaterThanOrEqual(48);
		expect(box.width, 'tab width').toBeGreaterThanOrEqual(64);
	}
	await expect(nav.getByRole('link', { name: '我的申请' })).toHaveAttribute('aria-current', 'page');
	await expect(nav.locator('[aria-current]')).toHaveCount(1);

	// The last line of the page is not hidden behind the bar.
	await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	const footer = (await page.locator('footer').boundingBox())!;
	expect(footer.y + footer.height).toBeLessThanOrEqual(bar.y + 1);

	// One thumb tap moves on; the mark follows.
	await nav.getByRole('link', { name: '我的证书' }).click();
	await expect(page).toHaveURL(/\/certificates$/);
	await expect(nav.getByRole('link', { name: '我的证书' })).toHaveAttribute('aria-current', 'page');
	// Sign-out stays in the header, away from the tabs.
	await expect(page.locator('header').getByRole('button', { name: '退出登录' })).toBeVisible();
});

test('the draft editor keeps the bottom of the screen for its own step buttons', async ({
	page
}) => {
	// 蒙凯: no other browser test counts his drafts (the editor syncs the new draft to the server).
	await signIn(page, '13807720005');
	await page.goto('/drafts/new');
	await page.getByRole('button', { name: /职称认定/ }).click();
	await page.waitForURL(/\/drafts\/edit/);
	await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
});

test.describe('on a tablet', () => {
	const tablet = { ...devices['iPad (gen 7)'] } as Record<string, unknown>;
	delete tablet.defaultBrowserType;
	test.use(tablet);

	test('the navigation sits in the header', async ({ page }) => {
		await signIn(page, 'county.liujiang');
		await page.goto('/review');
		const nav = page.getByRole('navigation', { name: '主导航' });
		const bar = (await nav.boundingBox())!;
		const header = (await page.locator('header').boundingBox())!;
		expect(bar.y).toBeGreaterThanOrEqual(header.y);
		expect(bar.y + bar.height).toBeLessThanOrEqual(header.y + header.height);
		await expect(nav.getByRole('link', { name: '待办审核' })).toHaveAttribute(
			'aria-current',
			'page'
		);
	});
});

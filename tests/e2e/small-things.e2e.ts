import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support.js';

/**
 * Small things a new user takes for broken (issue 12, point 5): dates in one Chinese style that
 * never break on a phone, no English on the notice board and the calendar screen, and a
 * cross-site form refused in Chinese.
 */
test.use({ viewport: { width: 390, height: 844 } });

const OLD_DATE = /\d{4}\/\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}/;
const DATE_TIME = /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/;

/** Every <time> on the page: its text, and whether it sits on one line. */
async function times(page: Page) {
	return page.locator('time').evaluateAll((els) =>
		els.map((el) => ({
			text: (el.textContent ?? '').trim(),
			lines: new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size
		}))
	);
}

test('the application page shows dates as 2026年12月3日 14:05, each on one line at 390 px', async ({
	page
}) => {
	await signIn(page, '13807720001');
	await page.goto('/applications');
	const list = await times(page);
	expect(list.length).toBeGreaterThan(0);
	for (const t of list) expect(t.text).toMatch(DATE_TIME);
	await page.locator('main a[href^="/applications/"]').first().click();
	await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/);
	const shown = await times(page);
	expect(shown.length).toBeGreaterThan(0);
	for (const t of shown) {
		expect(t.text).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?$/);
		expect(t.lines, `"${t.text}" is broken across lines`).toBe(1);
	}
	expect(await page.locator('main').innerText()).not.toMatch(OLD_DATE);
});

test('the notice board and the calendar screen show no English', async ({ page }) => {
	await page.goto('/notices');
	const board = await page.locator('main').innerText();
	expect(board).toContain('订阅公示更新');
	expect(board).not.toContain('Atom');
	await signIn(page, 'city');
	await page.goto('/admin/calendar');
	const calendar = await page.locator('main').innerText();
	expect(calendar).toContain('系统内置数据');
	expect(calendar).not.toContain('chinese-days');
	await expect(page.getByLabel('依据', { exact: true })).not.toHaveValue(/chinese-days/);
});

test('a form posted from another site is refused with 403, in Chinese', async ({
	page,
	request,
	baseURL
}) => {
	// A script's forged post, with another site's Origin and with none at all.
	const forged: Record<string, string>[] = [
		{ origin: 'https://evil.example', accept: 'text/html' },
		{ accept: 'text/html' }
	];
	for (const headers of forged) {
		const res = await request.post('/login', {
			headers,
			form: { identifier: 'city', password: 'Liuzhou@2026' },
			maxRedirects: 0
		});
		expect(res.status()).toBe(403);
		const body = await res.text();
		expect(body).toContain('请求已拒绝');
		expect(body).not.toContain('Cross-site');
		expect(res.headers()['set-cookie']).toBeUndefined();
	}
	// A real browser submitting a form from a page that is not ours (Origin: null).
	await page.setContent(
		`<form method="post" action="${baseURL}/login"><input name="identifier" value="city">` +
			`<input name="password" value="Liuzhou@2026"><button>go</button></form>`
	);
	await page.getByRole('button', { name: 'go' }).click();
	await expect(page.getByRole('heading', { name: '请求已拒绝' })).toBeVisible();
	await expect(page.locator('body')).toContainText('不是从本平台的页面提交的');
	await expect(page.locator('body')).not.toContainText('Cross-site');
	// Our own sign-in form still works.
	await signIn(page, 'city');
	await expect(page).not.toHaveURL(/\/login/);
});

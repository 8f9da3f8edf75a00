import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signIn } from './support.js';

/*
 * A shared phone: the service worker's copies of a person's pages must be gone as soon as that
 * person's session is, however it ended, before anyone sees them offline.
 */
const A = '13807720005';
const B = '13807720006';
const OFFLINE = '当前没有网络';
const ACCOUNT = '我的账号';

async function accountKeptOffline(page: Page) {
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 30_000
	});
	// A visit through the worker keeps the page for this session.
	await page.goto('/account');
	await expect
		.poll(
			() =>
				page.evaluate(async () => Boolean(await caches.match('/account', { ignoreVary: true }))),
			{
				timeout: 30_000
			}
		)
		.toBe(true);
}

async function offlineAccount(context: BrowserContext, page: Page) {
	await context.setOffline(true);
	await page.goto('/account').catch(() => undefined);
	// Whatever is shown once the page has settled (a kept copy of an ended session leaves itself).
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.waitForTimeout(300);
	const body = (await page.locator('body').textContent()) ?? '';
	await context.setOffline(false);
	return body;
}

test.describe('a shared phone', () => {
	test('the kept pages still open offline while the session stands', async ({ page, context }) => {
		await signIn(page, A, { next: '/account', hydrated: true });
		await accountKeptOffline(page);
		expect(await offlineAccount(context, page)).toContain(ACCOUNT);
	});

	test('signed out elsewhere (no page of ours told the worker): gone offline', async ({
		page,
		context
	}) => {
		await signIn(page, A, { next: '/account', hydrated: true });
		await accountKeptOffline(page);
		const out = await context.request.post('/logout', {
			form: {},
			headers: { origin: new URL(page.url()).origin },
			maxRedirects: 0
		});
		expect(out.status()).toBeLessThan(400);
		expect((await context.cookies()).map((c) => c.name)).not.toContain('session');
		const body = await offlineAccount(context, page);
		expect(body).toContain(OFFLINE);
		expect(body).not.toContain(ACCOUNT);
	});

	test('an answer already under way when the session is signed out does not put the cookie back', async ({
		page,
		context
	}) => {
		await signIn(page, A, { next: '/account', hydrated: true });
		// Answers while the session stands send no cookie unless its expiry moved, so one that
		// crosses a sign-out cannot bring the signed-out cookie back.
		const answer = await context.request.get('/account', { maxRedirects: 0 });
		expect(answer.status()).toBe(200);
		const sent = answer
			.headersArray()
			.filter((h) => h.name.toLowerCase() === 'set-cookie')
			.map((h) => h.value.split('=')[0]);
		expect(sent).not.toContain('session');
		expect(sent).not.toContain('zc_session');
	});

	test('cookies cleared: gone offline', async ({ page, context }) => {
		await signIn(page, A, { next: '/account', hydrated: true });
		await accountKeptOffline(page);
		await context.clearCookies();
		const body = await offlineAccount(context, page);
		expect(body).toContain(OFFLINE);
		expect(body).not.toContain(ACCOUNT);
	});

	test('the session ended on the server (expiry, password change): the next answer empties the cache first', async ({
		page,
		context
	}) => {
		await signIn(page, A, { next: '/account', hydrated: true });
		await accountKeptOffline(page);
		// The server no longer knows the session; the browser still has the worker's marker.
		await context.clearCookies({ name: 'session' });
		await page.goto('/');
		const body = await offlineAccount(context, page);
		expect(body).toContain(OFFLINE);
		expect(body).not.toContain(ACCOUNT);
	});

	test('another person signs in on the same phone: the first one’s pages are never shown', async ({
		page,
		context
	}) => {
		await signIn(page, A, { next: '/account', hydrated: true });
		await accountKeptOffline(page);
		const nameOfA = (await page.locator('main').textContent()) ?? '';
		await context.clearCookies();
		await signIn(page, B, { next: '/drafts', hydrated: true });
		const body = await offlineAccount(context, page);
		expect(body).not.toBe('');
		expect(body.includes(ACCOUNT) && nameOfA && body === nameOfA).toBeFalsy();
		expect(
			await page.evaluate(async () =>
				(await caches.open('zc-pages')).keys().then((k) => k.map((r) => r.url))
			)
		).not.toContain(new URL('/account', page.url()).href);
	});

	test('staff pages are never kept', async ({ page }) => {
		await signIn(page, 'city', { next: '/account', hydrated: true });
		await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
			timeout: 30_000
		});
		await page.goto('/account');
		await page.goto('/');
		const kept = await page.evaluate(async () => {
			const urls: string[] = [];
			for (const name of await caches.keys())
				for (const r of await (await caches.open(name)).keys())
					urls.push(`${name} ${new URL(r.url).pathname}`);
			return urls;
		});
		expect(kept.filter((u) => / \/(account)?$/.test(u))).toEqual([]);
	});
});

/**
 * Every kind of screen passes axe-core's WCAG 2.1 A and AA rules (labels, names, contrast,
 * landmarks, language…): the public pages, the applicant's pages on a phone, and the reviewer's
 * pages on a tablet. Rules that need a human (e.g. whether a label is meaningful) are not covered.
 */
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type Page } from '@playwright/test';
import { signIn } from './support.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The violations on the page as it is now, one line each (rule, impact, first nodes). */
async function violations(page: Page): Promise<string[]> {
	await page.waitForLoadState('networkidle');
	const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	return result.violations.map(
		(v) =>
			`${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
				.slice(0, 3)
				.map((n) => n.target.join(' '))
				.join(' | ')}`
	);
}

async function check(page: Page, paths: string[]) {
	const found: string[] = [];
	for (const path of paths) {
		await page.goto(path);
		found.push(...(await violations(page)));
	}
	return found;
}

test('public pages on a phone have no WCAG A/AA violations', async ({ page }) => {
	const found = await check(page, [
		'/',
		'/login',
		'/register',
		'/register/employer',
		'/activate',
		'/verify',
		'/scan',
		'/notices',
		'/guides',
		'/guides/reissue'
	]);
	// A lookup answer (the demo's running invalidation notice) and a refused sign-in.
	await page.goto('/verify');
	await page.getByLabel('证书编号').fill('LZZC 2012 0318');
	await page.getByLabel('姓名').fill('莫喆');
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page.getByText('声明作废公示中').first()).toBeVisible();
	found.push(...(await violations(page)));
	await page.goto('/login');
	await page.getByLabel('账号').fill('nobody');
	await page.getByLabel('密码').fill('wrong-password');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	found.push(...(await violations(page)));
	expect(found).toEqual([]);
});

test("the applicant's pages on a phone have no WCAG A/AA violations", async ({ page }) => {
	await signIn(page, '13807720002');
	const found = await check(page, [
		'/applications',
		'/certificates',
		'/notifications',
		'/drafts',
		'/drafts/new',
		'/notices/mine',
		'/credit',
		'/account'
	]);
	expect(found).toEqual([]);
});

test('the draft editor on a phone has no WCAG A/AA violations', async ({ page }) => {
	// 蒙凯: no other browser test counts his drafts (the editor syncs the new draft to the server).
	await signIn(page, '13807720005');
	await page.goto('/drafts/new');
	await page.getByRole('button', { name: /职称认定/ }).click();
	await page.waitForURL(/\/drafts\/edit/);
	expect(await violations(page)).toEqual([]);
});

test.describe('on a tablet', () => {
	const tablet = { ...devices['iPad (gen 7)'] } as Record<string, unknown>;
	delete tablet.defaultBrowserType;
	test.use(tablet);

	test("a reviewer's queue and application have no WCAG A/AA violations", async ({ page }) => {
		await signIn(page, 'county.liujiang');
		const found = await check(page, ['/review']);
		await page.locator('table a').first().click();
		await page.waitForURL(/\/review\/[0-9a-f-]{36}/);
		found.push(...(await violations(page)));
		expect(found).toEqual([]);
	});

	test("the city office's administration has no WCAG A/AA violations", async ({ page }) => {
		await signIn(page, 'city');
		const found = await check(page, [
			'/admin/organisations',
			'/admin/organisations/new',
			'/admin/users',
			'/admin/certificates',
			'/admin/calendar',
			'/admin/certificates/batches',
			'/admin/certificates/keys',
			'/records/paper-certificates',
			'/records/paper-certificates/import',
			'/records/credit',
			'/review/conferral'
		]);
		expect(found).toEqual([]);
	});
});

test.describe('at 320 CSS pixels wide (WCAG 1.4.10 reflow: 1280 px zoomed to 400 %)', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	test('no page scrolls sideways', async ({ page }) => {
		const wide: string[] = [];
		const measure = async () => {
			await page.waitForLoadState('networkidle');
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			if (width > 320) wide.push(`${new URL(page.url()).pathname}: ${width}px`);
		};
		for (const path of ['/', '/login', '/register', '/register/employer', '/verify', '/scan']) {
			await page.goto(path);
			await measure();
		}
		for (const path of ['/notices', '/guides', '/guides/evaluation']) {
			await page.goto(path);
			await measure();
		}
		await signIn(page, '13807720002');
		for (const path of ['/applications', '/certificates', '/drafts', '/drafts/new', '/account']) {
			await page.goto(path);
			await measure();
		}
		expect(wide).toEqual([]);
	});
});

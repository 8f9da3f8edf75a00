import type { Page } from '@playwright/test';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'Liuzhou@2026';

export interface SignInOptions {
	password?: string;
	/** Sign in through `/login?next=…` and wait until that page is open. */
	next?: string;
	/**
	 * Wait until the sign-in form runs in the browser before typing: a submit during hydration
	 * can be swallowed by the enhanced form.
	 */
	hydrated?: boolean;
}

/**
 * Signs in on the sign-in page and waits until it has been left: for `next`, when given (its
 * path); otherwise for wherever the sign-in lands (landingFor: an applicant's applications or
 * 开始申请, staff's queue, a pending employer's account page). Answers the path landed on.
 */
export async function signIn(
	page: Page,
	identifier: string,
	{ password = DEMO_PASSWORD, next, hydrated = false }: SignInOptions = {}
) {
	await page.goto(next ? `/login?next=${next}` : '/login', {
		waitUntil: hydrated ? 'networkidle' : 'load'
	});
	await page.getByLabel('账号').fill(identifier);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((url) =>
		next ? url.pathname === new URL(next, url).pathname : !url.pathname.startsWith('/login')
	);
	return new URL(page.url()).pathname;
}

/**
 * Password recovery as a user meets it (issue 14 point 1), through the demo outbox that the city
 * office reads when no SMS provider is configured (point 4): a demo applicant signed in on one
 * phone forgets the password on another, asks for a code, types a wrong one, then the right one
 * from the SMS, sets a new password and signs in with it; the first phone's session is gone.
 * (A demo account rather than a new one: the suite's registrations already use the per-IP
 * registration limit. Its demo password is put back at the end, through the account page.)
 * Wrong-code limits, expiry, caps and the no-enumeration rule are proved at the use-case level in
 * tests/integration/password-reset.spec.ts.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './support.js';

const mobile = '13807720006';
const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
const OLD = DEMO_PASSWORD;
const NEW = 'New-Pass-2026-reset';

async function phone(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	return context.newPage();
}

/** The newest verification code the demo outbox shows for this number (polls: a job sends it). */
async function codeFromOutbox(office: Page, after = ''): Promise<string> {
	for (let i = 0; i < 40; i++) {
		await office.goto('/admin/messages/outbox');
		await expect(office.getByTestId('demo-outbox-label')).toContainText('演示发件箱');
		const first = office.getByTestId('demo-sms').filter({ hasText: masked }).first();
		if (await first.count()) {
			const text = await first.innerText();
			const code = /验证码为 (\d{6})/.exec(text)?.[1];
			if (code && code !== after) return code;
		}
		await office.waitForTimeout(500);
	}
	throw new Error('no code in the demo outbox');
}

test('forgotten password: code by SMS via the demo outbox, new password, old sessions ended', async ({
	browser
}) => {
	test.setTimeout(120_000);
	// The applicant, signed in on the first phone.
	const first = await phone(browser);
	await signIn(first, mobile);

	// On another phone: 忘记密码 from the sign-in page.
	const second = await phone(browser);
	await second.goto('/login');
	await second.getByRole('link', { name: /忘记密码/ }).click();
	await expect(second).toHaveURL(/\/password\/reset$/);
	await second.getByLabel('手机号码').fill(mobile);
	await second.getByRole('button', { name: '获取短信验证码' }).click();
	await expect(second.getByText('如果该手机号已绑定账号，验证码短信已发出')).toBeVisible();

	const office = await phone(browser);
	await signIn(office, 'city');
	const code = await codeFromOutbox(office);

	// A wrong code first: refused, the form stays on step 2.
	const wrong = code === '000000' ? '111111' : '000000';
	await second.getByLabel('短信验证码').fill(wrong);
	await second.getByLabel('新密码', { exact: true }).fill(NEW);
	await second.getByLabel('再次输入新密码').fill(NEW);
	await second.getByRole('button', { name: '重置密码' }).click();
	await expect(second.getByRole('alert').first()).toContainText(/验证码/);
	await expect(second.getByLabel('短信验证码')).toBeVisible();

	await second.getByLabel('短信验证码').fill(code);
	await second.getByLabel('新密码', { exact: true }).fill(NEW);
	await second.getByLabel('再次输入新密码').fill(NEW);
	await second.getByRole('button', { name: '重置密码' }).click();
	await expect(second).toHaveURL(/\/login\?reset=1/);

	// The old password no longer opens the account; the new one does.
	await second.getByLabel('账号').fill(mobile);
	await second.getByLabel('密码').fill(OLD);
	await second.getByRole('button', { name: '登录' }).click();
	await expect(second.getByRole('alert').first()).toBeVisible();
	expect(new URL(second.url()).pathname).toBe('/login');
	await signIn(second, mobile, { password: NEW });

	// The first phone's session ended with the reset.
	await first.goto('/account');
	await expect(first).toHaveURL(/\/login/);

	// And the applicant was told by SMS that the password changed.
	await office.goto('/admin/messages/outbox');
	await expect(
		office.getByTestId('demo-sms').filter({ hasText: masked }).filter({ hasText: '密码已修改' })
	).not.toHaveCount(0);

	// The demo password back, for the tests that sign in as this applicant.
	await second.goto('/account');
	await second.getByLabel('当前密码').fill(NEW);
	await second.getByLabel('新密码', { exact: true }).fill(OLD);
	await second.getByLabel('再次输入新密码').fill(OLD);
	await second.getByRole('button', { name: '保存新密码' }).click();
	const again = await phone(browser);
	await signIn(again, mobile);
});

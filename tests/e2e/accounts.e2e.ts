import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { creditCodeCheckChar, idNumberCheckChar } from '../../src/lib/domain/identity.js';
import { signIn } from './support.js';

const unique = Date.now() % 100000;

function idNumber(): string {
	const body = `4502051990${String(1 + (unique % 12)).padStart(2, '0')}15${String(unique % 1000).padStart(3, '0')}`;
	return body + idNumberCheckChar(body);
}

function creditCode(): string {
	const body = `91450200MA5E${String(unique).padStart(5, '0')}`;
	return body + creditCodeCheckChar(body);
}

test('an applicant registers on a phone and lands on 开始申请, greeted', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await page.getByRole('link', { name: '个人注册' }).first().click();
	await expect(page).toHaveURL(/\/register$/);
	const id = idNumber();
	await page.getByLabel('姓名').fill('覃琰');
	// First with a wrong check character (any but the right one).
	await page.getByLabel('身份证号').fill(id.slice(0, 17) + (id.endsWith('1') ? '2' : '1'));
	await page.getByLabel('手机号码').fill(`1380772${String(unique).padStart(4, '0').slice(-4)}`);
	await page.getByLabel('设置密码', { exact: true }).fill('Strong-Pass-2026');
	await page.getByLabel('再次输入密码').fill('Strong-Pass-2026');
	await page.getByRole('button', { name: '注册并登录' }).click();
	await expect(page.getByText(/身份证号.*(校验位|有误|不正确)/).first()).toBeVisible();
	await page.getByLabel('身份证号').fill(id.toLowerCase());
	await page.getByLabel('设置密码', { exact: true }).fill('Strong-Pass-2026');
	await page.getByLabel('再次输入密码').fill('Strong-Pass-2026');
	await page.getByRole('button', { name: '注册并登录' }).click();
	// A new account has no applications: it lands where the first one starts (issue 12).
	await expect(page).toHaveURL(/\/drafts\/new\?welcome=1$/);
	await expect(page.getByTestId('welcome')).toContainText('注册成功');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('开始申请');
	// Masked 6 + 4 on the account page, never the whole number.
	await page.goto('/account');
	await expect(page.getByText(`${id.slice(0, 6)}********${id.slice(-4)}`)).toBeVisible();
	expect(await page.content()).not.toContain(id);
	const viewport = page.viewportSize();
	expect(viewport && viewport.width).toBeLessThan(500);
});

test('an employer registers with its licence, the city office approves it, the employer signs in', async ({
	page,
	browser,
	baseURL
}) => {
	const licence = await sharp({
		create: { width: 600, height: 400, channels: 3, background: '#f2efe6' }
	})
		.jpeg()
		.withMetadata({ exif: { IFD0: { Copyright: 'gps-secret' } } })
		.toBuffer();
	await page.goto('/register/employer');
	await page.getByLabel('单位全称').fill('柳州市测试科技有限公司');
	await page.getByLabel('统一社会信用代码').fill(creditCode());
	await page.getByLabel('所属层级').selectOption({ label: '鱼峰区' });
	await page.getByLabel('主管部门').selectOption({ label: '柳州市工业和信息化局' });
	await page.getByLabel('联系人', { exact: true }).fill('陆海涛');
	await page.getByLabel('联系人手机').fill('13907725566');
	await page
		.getByLabel('营业执照 / 法人证书')
		.setInputFiles({ name: 'licence.jpg', mimeType: 'image/jpeg', buffer: licence });
	await page.getByLabel('单位登录名').fill(`emp.test${unique}`);
	await page.getByLabel('设置密码').fill('Employer-Pass-88');
	await page.getByLabel('再次输入密码').fill('Employer-Pass-88');
	await page.getByRole('button', { name: '提交注册申请' }).click();
	await expect(page.getByTestId('form-error')).toHaveCount(0);
	await expect(page).toHaveURL(/\/login\?registered=employer/);

	// Pending: can sign in and see the status (where it lands), nothing else.
	await signIn(page, `emp.test${unique}`, { password: 'Employer-Pass-88' });
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByTestId('org-status')).toContainText('审核中');
	const admin = await page.goto('/admin/organisations');
	expect(admin?.status()).toBe(403);

	// The city office approves it on another device.
	const city = await (await browser.newContext({ baseURL })).newPage();
	await signIn(city, 'city');
	await city.goto('/admin/organisations?status=pending');
	await city.getByRole('link', { name: '柳州市测试科技有限公司' }).click();
	await city.waitForURL(/\/admin\/organisations\/[0-9a-f-]{36}$/);
	const licenceResponse = await city.request.get(city.url() + '/licence');
	expect(licenceResponse.headers()['content-type']).toBe('image/jpeg');
	expect((await licenceResponse.body()).includes(Buffer.from('gps-secret'))).toBe(false);
	await city.getByRole('button', { name: '审核通过' }).click();
	await expect(city.getByText('已审核通过')).toBeVisible();
	await expect(city.getByTestId('org-status')).toHaveText('已启用');

	// The employer signs in afresh and is now active.
	await page.getByRole('button', { name: '退出登录' }).click();
	await page.waitForURL(/\/login/);
	await signIn(page, `emp.test${unique}`, { password: 'Employer-Pass-88' });
	await page.goto('/account');
	await expect(page.getByTestId('org-status')).toHaveCount(0);
	await expect(page.getByText('已启用')).toBeVisible();
});

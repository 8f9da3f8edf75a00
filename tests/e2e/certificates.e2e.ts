import { expect, test } from '@playwright/test';
import { signIn } from './support.js';

test('the demo holder downloads their signed certificate and opens the print view', async ({
	page
}) => {
	await signIn(page, '13807720002');
	await page.getByRole('link', { name: '我的证书' }).click();
	const card = page.getByTestId('certificate').first();
	await expect(card).toContainText('工程师');
	await expect(card).toContainText('有效');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		card.getByRole('link', { name: /下载电子证书/ }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^certificate-\d{16}\.pdf$/);
	const pdf = await (await download.createReadStream()).toArray();
	const bytes = Buffer.concat(pdf);
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	expect(bytes.includes('/adbe.pkcs7.detached')).toBe(true);

	await card.getByRole('link', { name: '查看与打印' }).click();
	await expect(page.getByRole('heading', { name: '打印' })).toBeVisible();
	const href = await page.getByRole('link', { name: '打开打印版' }).getAttribute('href');
	const inline = await page.request.get(href!);
	expect(inline.headers()['content-type']).toBe('application/pdf');
	expect(inline.headers()['content-disposition']).toMatch(/^inline/);
});

test('the JWKS is public and lists the demo keys', async ({ request }) => {
	const res = await request.get('/.well-known/jwks.json');
	expect(res.status()).toBe(200);
	expect(res.headers()['cache-control']).toContain('public');
	const { keys } = await res.json();
	expect(keys.length).toBeGreaterThan(0);
	expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
	expect(JSON.stringify(keys)).not.toContain('"d"');
});

test('the city office sees the demo certificates and a batch page', async ({ page }) => {
	await signIn(page, 'city');
	await page.goto('/admin/certificates');
	await expect(page.getByRole('cell', { name: '覃志堃' })).toBeVisible();
	await page.goto('/admin/certificates/batches');
	await expect(page.getByRole('heading', { name: '批量发文授予并发证' })).toBeVisible();
});

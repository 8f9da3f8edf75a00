import { expect, test } from '@playwright/test';
import { signIn } from './support.js';

test('the holder sees when and by which organisation their certificate was checked; anonymous checks stay anonymous', async ({
	browser
}) => {
	// the demo holder 韦丽琰 reads her certificate number
	const holder = await browser.newContext();
	const holderPage = await holder.newPage();
	await signIn(holderPage, '13807720001', { hydrated: true });
	await holderPage.goto('/certificates');
	const number = (await holderPage.getByTestId('certificate').first().innerText()).match(
		/4502\d{12,}/
	)![0];

	// 柳钢 (signed in) looks it up; then someone anonymous does
	const employer = await browser.newContext();
	const employerPage = await employer.newPage();
	await signIn(employerPage, 'emp.liugang', { hydrated: true });
	for (const page of [employerPage, await (await browser.newContext()).newPage()]) {
		await page.goto('/verify');
		await page.getByLabel('证书编号').fill(number);
		await page.getByLabel('持证人姓名').fill('韦丽琰');
		await page.getByRole('button', { name: '查询' }).click();
		await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'valid');
	}

	// the log is written in batches (≤ 1 s)
	await expect
		.poll(
			async () => {
				await holderPage.goto('/certificates/checks');
				return holderPage.getByTestId('checks').locator('tbody tr').count();
			},
			{ timeout: 10_000 }
		)
		.toBeGreaterThanOrEqual(2);
	const table = holderPage.getByTestId('checks');
	await expect(table).toContainText('柳州钢铁集团有限公司');
	await expect(table).toContainText('匿名');
	await expect(table).toContainText('编号查询');
	await expect(table).toContainText(number);
	await holder.close();
	await employer.close();
});

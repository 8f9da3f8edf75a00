import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { XMLValidator } from 'fast-xml-parser';
import { emptyDraft } from '../../src/lib/domain/application-form.js';
import { idNumberCheckChar } from '../../src/lib/domain/identity.js';
import { signIn } from './support.js';

// The third demo applicant (莫喆), as src/lib/server/demo/seed.ts builds the number.
const body = '45020419850109057';
const MO_ZHE = { name: '莫喆', mobile: '13807720003', idNumber: body + idNumberCheckChar(body) };
const number = `LZGC 2013 ${String(Date.now() % 10000).padStart(4, '0')}`;

test('on a phone: publish an invalidation notice with its countdown; the public board and feed show it masked, without any ID number', async ({
	page
}) => {
	await signIn(page, MO_ZHE.mobile);

	// A reissue draft with an employer, pushed as the offline form would sync it.
	const options = await (await page.request.get('/api/options')).json();
	const draft = emptyDraft('reissue', MO_ZHE);
	draft.employment.employerId = options.employers[0].id;
	const id = randomUUID();
	const pushed = await page.request.put(`/api/drafts/${id}`, {
		headers: { origin: new URL(page.url()).origin },
		data: { baseVersion: 0, updatedAt: new Date().toISOString(), clientId: 'e2e', content: draft }
	});
	expect(pushed.ok()).toBe(true);

	// Publish the notice about a paper certificate described by hand.
	await page.goto(`/notices/new?application=${id}`);
	await page.getByLabel('其他纸质证书（自行填写）').check();
	await page.getByLabel('职称系列').selectOption('engineering');
	await page.getByLabel('资格名称（如 工程师）').fill('助理工程师');
	await page.getByLabel('证书编号').fill(number);
	await page.getByLabel('发证日期（年-月-日）').fill('2013-07-01');
	await page.getByLabel('发证单位').fill('柳州市职称改革工作领导小组办公室');
	await page.getByRole('button', { name: '发布声明作废' }).click();
	await page.waitForURL('**/notices/mine');
	await expect(page.getByTestId('countdown').first()).toContainText('还剩');
	await expect(page.getByTestId('countdown').first()).toContainText('起可以提交补办申请');

	// The public board, as anyone sees it on a phone.
	await page.context().clearCookies();
	await page.goto('/notices');
	await expect(page.getByRole('heading', { name: '公示公告' })).toBeVisible();
	const board = page.getByTestId('notice-board');
	const card = board.locator('li', { hasText: number.replace(/(\d{4})(?=\d)/g, '$1 ') });
	await expect(card).toContainText('莫*');
	await expect(card).toContainText('公示中');
	await expect(board.locator('li[data-kind="publicity"]').first()).toBeVisible();
	await expect(page.getByText('莫喆')).toHaveCount(0);

	const text = await page.locator('body').innerText();
	expect(text).not.toMatch(/\d{7,}/);
	const html = await page.content();
	expect(html).not.toContain(MO_ZHE.idNumber);
	expect(html).not.toMatch(/(?<![\w-])\d{17}[\dX](?![\w-])/);
	// Phone-friendly: nothing wider than the screen, buttons big enough to tap.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	const button = await page.getByRole('button', { name: '查询' }).boundingBox();
	expect(button?.height ?? 0).toBeGreaterThanOrEqual(44);

	// Search narrows the list; nonsense finds nothing.
	await page.getByLabel('搜索').fill(number);
	await page.getByRole('button', { name: '查询' }).click();
	await expect(board.locator('li')).toHaveCount(1);
	await page.getByLabel('搜索').fill('没有这个人');
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page.getByTestId('board-empty')).toBeVisible();

	// The Atom feed is valid XML and carries the notice, masked.
	const feed = await page.request.get('/notices/feed.atom');
	expect(feed.headers()['content-type']).toContain('application/atom+xml');
	const xml = await feed.text();
	expect(XMLValidator.validate(xml)).toBe(true);
	expect(xml).toContain('声明作废：莫*');
	expect(xml).not.toContain(MO_ZHE.idNumber);
});

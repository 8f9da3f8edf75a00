/**
 * The first hour of a new user, per role, on the device that role uses (issue 12): where each
 * sign-in lands, the links to the next step, what forms keep, and that every screen on the way is
 * ours and Chinese (see visible-english.ts for what "no English" means).
 */
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import sharp from 'sharp';
import { creditCodeCheckChar, idNumberCheckChar } from '../../src/lib/domain/identity.js';
import { signIn } from './support.js';
import { expectChinesePage, latinWords } from './visible-english.js';

// Distinct from accounts.e2e.ts (district 450205, 1380772…, …MA5E…): never the same person.
const unique = Date.now() % 100000;
const APPLICANT = '韦晓岚';
const APPLICANT_PASSWORD = 'Strong-Pass-2026';
const applicantMobile = `1390772${String(unique).padStart(5, '0').slice(-4)}`;
const applicantId = (() => {
	const body = `4502031992${String(1 + (unique % 12)).padStart(2, '0')}2${unique % 10}${String(unique % 1000).padStart(3, '0')}`;
	return body.slice(0, 17) + idNumberCheckChar(body.slice(0, 17));
})();

const tablet = { ...devices['iPad (gen 7)'] } as Record<string, unknown>;
delete tablet.defaultBrowserType; // the browser stays Debian's Chromium

const next = (page: Page) => page.getByRole('button', { name: '下一步' }).click();

function pdf(size: number): Buffer {
	const body = Buffer.alloc(size);
	for (let i = 0; i < size; i++) body[i] = (i * 131 + 7) & 0x7f || 32;
	return Buffer.concat([Buffer.from('%PDF-1.4\n'), body, Buffer.from('\n%%EOF\n')]);
}

function photoJpeg(): Promise<Buffer> {
	return sharp({
		create: {
			width: 900,
			height: 1200,
			channels: 3,
			background: '#ffffff',
			noise: { type: 'gaussian', mean: 140, sigma: 30 }
		}
	})
		.jpeg({ quality: 85 })
		.toBuffer();
}

test('the English finder: Latin words flagged, typed values, dotted tokens, codes and the allowed set not', () => {
	expect(
		latinWords('请上传 PDF 或 jpeg 文件 · Submit 提交 · emp.liugang · 毕业证.pdf · ZC20260001', [])
	).toEqual(['Submit']);
	expect(
		latinWords('登录名 lanlan 已注册；Ctrl + Enter 提交；身份证 45020319920*******X', ['lanlan'])
	).toEqual([]);
	expect(latinWords('页面 Not Found', [])).toEqual(['Not', 'Found']);
});

test.describe.serial('an applicant’s first hour, then the reviewers’', () => {
	test('on a phone: from the home page’s card, register, a first recognition with a photo, submitted', async ({
		page
	}) => {
		test.setTimeout(180_000);
		const typed = [APPLICANT, applicantMobile, applicantId];

		// The home page: each procedure card leads to its guide and to starting it.
		await page.goto('/');
		await expectChinesePage(page);
		const card = page.getByRole('listitem').filter({ hasText: '职称认定' });
		await expect(card.getByRole('link', { name: '办事指南' })).toHaveAttribute(
			'href',
			'/guides/recognition'
		);
		await card.getByRole('link', { name: '办事指南' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('认定');
		await expectChinesePage(page);
		await page.goBack();
		await card.getByRole('link', { name: '开始申请' }).click();

		// Not signed in: the sign-in page, which keeps where the person was going, also through
		// registration.
		await expect(page).toHaveURL(/\/login\?next=/);
		await expectChinesePage(page);
		await page.getByRole('link', { name: '个人注册' }).click();
		await expect(page).toHaveURL(/\/register\?next=/);
		await page.getByLabel('姓名').fill(APPLICANT);
		await page.getByLabel('身份证号').fill(applicantId);
		await page.getByLabel('手机号码').fill(applicantMobile);
		await page.getByLabel('设置密码', { exact: true }).fill(APPLICANT_PASSWORD);
		await page.getByLabel('再次输入密码').fill('Strong-Pass-2025');
		await page.getByRole('button', { name: '注册并登录' }).click();
		// Refused: a Chinese message, and everything typed but the passwords is still there.
		await expect(page.getByText(/两次输入的密码不一致/).first()).toBeVisible();
		await expect(page.getByLabel('姓名')).toHaveValue(APPLICANT);
		await expect(page.getByLabel('身份证号')).toHaveValue(applicantId);
		await expect(page.getByLabel('手机号码')).toHaveValue(applicantMobile);
		await expectChinesePage(page, typed);
		await page.getByLabel('设置密码', { exact: true }).fill(APPLICANT_PASSWORD);
		await page.getByLabel('再次输入密码').fill(APPLICANT_PASSWORD);
		await page.getByRole('button', { name: '注册并登录' }).click();

		// 开始申请, with the procedure from the card first.
		await expect(page).toHaveURL(/\/drafts\/new\?kind=recognition$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('开始申请');
		await expect(page.locator('.kinds button').first()).toContainText('职称认定');
		await expectChinesePage(page, typed);
		await page.getByRole('button', { name: /职称认定/ }).click();
		await page.waitForURL(/\/drafts\/edit\?id=/);
		await expect(page.getByRole('link', { name: '← 返回我的申请草稿' })).toHaveAttribute(
			'href',
			'/drafts'
		);

		// Every screen, in Chinese.
		await expect(page.getByRole('heading', { name: '个人信息' })).toBeVisible();
		await expect(page.getByLabel('姓名')).toHaveValue(APPLICANT);
		await page.getByLabel('最高学历').selectOption({ label: '大学本科' });
		await expectChinesePage(page, typed);
		await next(page);
		await page.getByLabel('现工作单位').selectOption({ label: '柳州钢铁集团有限公司（市直）' });
		await page.getByLabel('现任职务或岗位').fill('设备工程师');
		await page.getByLabel('从事本专业工作年限（年）').fill('9');
		await expectChinesePage(page, typed);
		await next(page);
		await page.getByLabel('职称系列').selectOption({ label: '工程' });
		await page.getByLabel('级别').selectOption({ label: '中级' });
		await page.getByLabel('资格名称').selectOption('工程师');
		await page.getByLabel('专业').fill('电气工程');
		await expectChinesePage(page, typed);
		await next(page);
		await page.getByRole('button', { name: /添加一项/ }).click();
		await page.getByLabel('学校名称').fill('广西大学');
		await page.getByLabel('所学专业').fill('电气工程及其自动化');
		await page.getByLabel('学位').selectOption({ label: '学士' });
		await page.getByLabel('入学时间').fill('2010-09');
		await page.getByLabel('毕业时间').fill('2014-07');
		await expectChinesePage(page, typed);
		await next(page);
		await page.getByRole('button', { name: /添加一项/ }).click();
		await page.getByLabel('工作单位').fill('柳州钢铁集团有限公司');
		await page.getByLabel('职务或岗位').fill('设备工程师');
		await page.getByLabel('开始时间').fill('2014-08');
		await next(page); // titles held: optional for a recognition
		await next(page);
		await expect(page.getByRole('heading', { name: '证明材料' })).toBeVisible();
		await page
			.getByTestId('attachment-input')
			.setInputFiles({ name: '毕业证.pdf', mimeType: 'application/pdf', buffer: pdf(30_000) });
		await expect(page.getByLabel('材料类型')).toHaveValue('diploma');
		await expectChinesePage(page, typed);
		await next(page);

		// The photo: picked and cropped, but 使用这张照片 not pressed — leaving the step keeps it.
		await expect(page.getByRole('heading', { name: '2 寸证件照' })).toBeVisible();
		await page
			.getByTestId('photo-input')
			.setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg() });
		await expect(page.getByRole('button', { name: '使用这张照片' })).toBeVisible();
		await expectChinesePage(page, typed);
		await next(page);
		await expect(page.getByRole('heading', { name: '检查并提交' })).toBeVisible();
		await expect(page.getByTestId('photo-kept')).toBeVisible();
		await page.getByRole('button', { name: '上一步' }).click();
		await expect(page.getByRole('img', { name: '当前证件照' })).toBeVisible();
		await next(page);

		// 检查并提交: everything entered, each screen with a link back to it, then the button.
		await expect(page.getByText('以下内容还需要补充或修改')).toHaveCount(0);
		const summary = page.getByTestId('summary');
		for (const value of [APPLICANT, '大学本科', '柳州钢铁集团有限公司', '工程师', '电气工程'])
			await expect(summary).toContainText(value);
		await expect(summary).toContainText('广西大学');
		await expect(summary).toContainText('毕业证.pdf');
		await expect(summary).toContainText('证件照（已选择）');
		await expect(summary.getByRole('link', { name: /^修改/ })).toHaveCount(8);
		const summaryBox = (await summary.boundingBox())!;
		const submitBox = (await page.getByRole('button', { name: '提交申请' }).boundingBox())!;
		expect(summaryBox.y + summaryBox.height).toBeLessThanOrEqual(submitBox.y);
		await expectChinesePage(page, typed);
		await summary.getByRole('link', { name: '修改 申请认定的职称' }).click();
		await expect(page.getByRole('heading', { name: '申请认定的职称' })).toBeVisible();
		await expect(page.getByLabel('专业')).toHaveValue('电气工程');
		await page.getByRole('button', { name: '检查并提交', exact: true }).click();
		await page.getByRole('button', { name: '提交申请' }).click();
		await expect(page.getByTestId('submitted')).toContainText('等待所在单位审核', {
			timeout: 30_000
		});
		await expectChinesePage(page, typed);

		// 查看我的申请 goes where it says.
		await page.getByRole('link', { name: '查看我的申请' }).click();
		await expect(page).toHaveURL(/\/applications$/);
		await expect(page.getByRole('link', { name: /职称认定\s*待单位审核/ })).toBeVisible();
		await expectChinesePage(page, typed);

		// Signing in again lands on the applications, not the account page.
		await page.locator('header').getByRole('button', { name: '退出登录' }).click();
		await page.waitForURL(/\/login/);
		await signIn(page, applicantMobile, { password: APPLICANT_PASSWORD, hydrated: true });
		await expect(page).toHaveURL(/\/applications$/);
	});

	test('on a phone: a reissue’s notice form chooses the only draft and says what is wrong', async ({
		page
	}) => {
		test.setTimeout(120_000);
		const typed = [APPLICANT, applicantMobile, applicantId];
		await signIn(page, applicantMobile, {
			password: APPLICANT_PASSWORD,
			next: '/drafts/new',
			hydrated: true
		});
		await page.getByRole('button', { name: /证书遗失补办/ }).click();
		await page.waitForURL(/\/drafts\/edit\?id=/);
		const id = new URL(page.url()).searchParams.get('id')!;
		await expect(page.getByRole('link', { name: '发布声明作废' })).toBeVisible();
		await next(page);
		await page.getByLabel('现工作单位').selectOption({ label: '柳州钢铁集团有限公司（市直）' });
		// The badge still says 已同步 from before the change for a moment: wait for the server's
		// copy to hold the employer (the notice form marks a draft without one).
		await expect
			.poll(async () => (await page.request.get('/notices/new')).text(), { timeout: 30_000 })
			.not.toContain('未选所在单位');
		await expect(page.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 30_000 });

		// The notice form, opened from 我的声明 (no draft named in the address).
		await page.goto('/notices/mine');
		await page.getByRole('link', { name: '发布声明作废' }).click();
		await expect(page).toHaveURL(/\/notices\/new$/);
		await expect(page.getByLabel('对应的补办申请')).toHaveValue(new RegExp(`^${id}:`));
		// Radio buttons like any form: a small box beside its text, on one line.
		const choice = page.locator('label.choice').filter({ hasText: '其他纸质证书' });
		const radio = (await choice.getByRole('radio').boundingBox())!;
		const label = (await choice.boundingBox())!;
		expect(radio.width).toBeLessThan(40);
		expect(label.height).toBeLessThan(80);
		await expect(choice.getByRole('radio')).toBeChecked();
		await expectChinesePage(page, typed);

		// A refused post keeps what was typed; then it is published.
		await page.getByLabel('职称系列').selectOption({ label: '工程' });
		await page.getByLabel('资格名称（如 工程师）').fill('助理工程师');
		await page.getByLabel('证书编号').fill(`柳职证 2015-${unique}`);
		await page.getByLabel('发证单位').fill('柳州市职称改革工作领导小组办公室');
		await page.getByRole('button', { name: '发布声明作废' }).click();
		await expect(page.getByText(/发证日期/).first()).toBeVisible();
		await expect(page.getByLabel('证书编号')).toHaveValue(`柳职证 2015-${unique}`);
		await expect(page.getByLabel('对应的补办申请')).toHaveValue(new RegExp(`^${id}:`));
		await expect(page.getByText('请先新建')).toHaveCount(0);
		await expectChinesePage(page, typed);
		await page.getByLabel('发证日期（年-月-日）').fill('2015-06-30');
		await page.getByRole('button', { name: '发布声明作废' }).click();
		await expect(page).toHaveURL(/\/notices\/mine$/);
		await expect(page.getByText(`柳职证 2015-${unique}`).first()).toBeVisible();
		await expectChinesePage(page, typed);
	});

	test.describe('on a tablet', () => {
		test.use(tablet);

		async function reviewer(browser: Browser, baseURL: string | undefined, account: string) {
			const context = await browser.newContext({
				...tablet,
				baseURL,
				locale: 'zh-CN',
				timezoneId: 'Asia/Shanghai'
			});
			const page = await context.newPage();
			await signIn(page, account, { hydrated: true });
			// Lands on the queue, not the account page.
			await expect(page).toHaveURL(/\/review$/);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('待办审核');
			await expect(
				page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '待办审核' })
			).toHaveAttribute('aria-current', 'page');
			await expectChinesePage(page, [account]);
			return page;
		}

		test('the employer and its supervisor sign in, land on their queues and approve it', async ({
			browser,
			baseURL
		}) => {
			test.setTimeout(120_000);
			for (const [account, opinion, after] of [
				['emp.liugang', '情况属实，同意推荐。', '待主管单位审核'],
				['sup.gxj', '同意上报。', '待职改办审批']
			] as const) {
				const page = await reviewer(browser, baseURL, account);
				await page.getByRole('link', { name: APPLICANT }).click();
				await expect(page.getByRole('heading', { level: 1 })).toContainText(APPLICANT);
				await expect(page.locator('[data-ready]')).toBeVisible();
				await expectChinesePage(page, [account]);
				await page.getByLabel('审核意见').fill(opinion);
				await page.getByRole('button', { name: '审核通过并签章' }).click();
				await expect(page.getByTestId('state')).toHaveText(after);
				await expectChinesePage(page, [account]);
				await page.context().close();
			}
		});
	});
});

test('an employer on a phone: registers, waits for approval, then lands on its queue', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const username = `emp.fh${unique}`;
	const name = '柳州市初见科技有限公司';
	const code = (() => {
		const body = `91450200MA5F${String(unique).padStart(5, '0')}`;
		return body + creditCodeCheckChar(body);
	})();
	const wrongCode = code.slice(0, 17) + (code.endsWith('1') ? '2' : '1');
	const typed = [username, name, code, wrongCode, '覃海明', '13907720088'];
	// A small licence (the size limit is another change's concern).
	const licence = await sharp({
		create: { width: 600, height: 400, channels: 3, background: '#f2efe6' }
	})
		.jpeg()
		.toBuffer();

	await page.goto('/');
	await page.getByRole('link', { name: '单位注册' }).first().click();
	await expect(page).toHaveURL(/\/register\/employer$/);
	await expectChinesePage(page);
	await page.getByLabel('单位全称').fill(name);
	await page.getByLabel('统一社会信用代码').fill(wrongCode);
	await page.getByLabel('所属层级').selectOption({ label: '鱼峰区' });
	await page.getByLabel('主管部门').selectOption({ label: '柳州市工业和信息化局' });
	await page.getByLabel('联系人', { exact: true }).fill('覃海明');
	await page.getByLabel('联系人手机').fill('13907720088');
	const licenceInput = page.getByLabel('营业执照 / 法人证书');
	await licenceInput.setInputFiles({
		name: 'licence.jpg',
		mimeType: 'image/jpeg',
		buffer: licence
	});
	await page.getByLabel('单位登录名').fill(username);
	await page.getByLabel('设置密码').fill('Employer-Pass-88');
	await page.getByLabel('再次输入密码').fill('Employer-Pass-88');
	await page.getByRole('button', { name: '提交注册申请' }).click();
	// Refused for the check character: the rest is kept.
	await expect(page.getByTestId('form-error')).toBeVisible();
	await expect(page.getByLabel('单位全称')).toHaveValue(name);
	await expect(page.getByLabel('所属层级')).toHaveValue('yufeng');
	await expect(page.getByLabel('联系人', { exact: true })).toHaveValue('覃海明');
	await expect(page.getByLabel('单位登录名')).toHaveValue(username);
	await expectChinesePage(page, typed);
	await page.getByLabel('统一社会信用代码').fill(code);
	await licenceInput.setInputFiles({
		name: 'licence.jpg',
		mimeType: 'image/jpeg',
		buffer: licence
	});
	await page.getByLabel('设置密码').fill('Employer-Pass-88');
	await page.getByLabel('再次输入密码').fill('Employer-Pass-88');
	await page.getByRole('button', { name: '提交注册申请' }).click();
	await expect(page).toHaveURL(/\/login\?registered=employer$/);
	await expect(page.getByText('单位注册申请已提交')).toBeVisible();
	await expectChinesePage(page, typed);

	// Pending: lands on the account page, which says what happens next.
	await page.getByLabel('账号').fill(username);
	await page.getByLabel('密码').fill('Employer-Pass-88');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByTestId('org-status')).toContainText('审核中');
	await expectChinesePage(page, typed);

	// The city office approves it (on its own computer).
	const city = await (await browser.newContext({ baseURL })).newPage();
	await signIn(city, 'city');
	await city.goto('/admin/organisations?status=pending');
	await city.getByRole('link', { name }).click();
	await city.getByRole('button', { name: '审核通过' }).click();
	await expect(city.getByTestId('org-status')).toHaveText('已启用');
	await city.context().close();

	// Signed in again: its queue.
	await page.locator('header').getByRole('button', { name: '退出登录' }).click();
	await page.waitForURL(/\/login/);
	await signIn(page, username, { password: 'Employer-Pass-88', hydrated: true });
	await expect(page).toHaveURL(/\/review$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('待办审核');
	await expect(page.getByText('暂无待办')).toBeVisible();
	await expectChinesePage(page, typed);
});

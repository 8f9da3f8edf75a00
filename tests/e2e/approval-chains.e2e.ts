import {
	devices,
	expect,
	test,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { signIn } from './support.js';

/**
 * The approval chains on a tablet, against the built app and its demo data (see
 * src/lib/server/demo/applications.ts): every click is on the real UI.
 */
// An iPad's screen and touch; the browser stays Debian's Chromium (not the device's WebKit).
const ipad = devices['iPad (gen 7)'];
const tablet = {
	viewport: ipad.viewport,
	userAgent: ipad.userAgent,
	deviceScaleFactor: ipad.deviceScaleFactor,
	isMobile: ipad.isMobile,
	hasTouch: ipad.hasTouch
};
test.use(tablet);
// The stories share one demo database and build on each other.
test.describe.configure({ mode: 'serial' });

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	for (const context of contexts.splice(0)) await context.close();
});

/** A new tablet session, signed in as `account`. */
async function signedIn(browser: Browser, baseURL: string | undefined, account: string) {
	const context = await browser.newContext({
		...tablet,
		baseURL,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai'
	});
	contexts.push(context);
	const page = await context.newPage();
	await signIn(page, account, { hydrated: true });
	return page;
}

/** Waits until the page runs in the browser (keyboard shortcuts, tabs, check-all). */
async function ready(page: Page) {
	await expect(page.locator('[data-ready]')).toBeVisible();
}

async function openFromQueue(page: Page, applicant: string) {
	await page
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '待办审核' })
		.click();
	await expect(page).toHaveURL(/\/review$/);
	await page.getByRole('link', { name: applicant }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(applicant);
	await ready(page);
}

async function approve(page: Page, opinion: string) {
	await page.getByLabel('审核意见').fill(opinion);
	await page.getByRole('button', { name: '审核通过并签章' }).click();
}

test('a recognition goes from submission through the school, its supervisor and the county office', async ({
	browser,
	baseURL
}) => {
	// The applicant's submitted application waits at her school.
	const applicant = await signedIn(browser, baseURL, '13807720001');
	await applicant.getByRole('link', { name: '我的申请' }).click();
	// (Other tests may have submitted more applications for this demo applicant meanwhile.)
	await expect(
		applicant.getByRole('link', { name: /职称认定\s*待单位审核/ }).first()
	).toBeVisible();

	// 1. The school: queue sorted by waiting time, the overdue one first; materials side by side.
	const school = await signedIn(browser, baseURL, 'emp.ljyz');
	await school
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '待办审核' })
		.click();
	const rows = school.locator('table.queue tbody tr');
	await expect(rows.first()).toContainText('黄海燕');
	await expect(rows.first().getByTestId('sla')).toContainText('已逾期');
	await school.getByLabel('姓名或申请编号').fill('韦丽琰');
	await school.getByRole('button', { name: '筛选' }).click();
	await expect(rows).toHaveCount(1);
	await school.getByRole('link', { name: '韦丽琰' }).click();
	await ready(school);
	await expect(school.getByTestId('pdf-frame')).toBeVisible();
	const pdf = await school.request.get(
		(await school.getByTestId('pdf-frame').getAttribute('src')) ?? ''
	);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	await school.getByRole('tab', { name: '学位证书' }).click();
	const image = school.getByTestId('image');
	await expect(image).toBeVisible();
	const before = (await image.boundingBox())!.width;
	await school.getByRole('button', { name: '放大', exact: true }).click();
	await expect.poll(async () => (await image.boundingBox())!.width).toBeGreaterThan(before);
	// A: jump to the opinion; the ID number is masked 6 + 4.
	await expect(school.getByText(/^450202\*{8}\d{3}[\dX]$/)).toBeVisible();
	await school.keyboard.press('a');
	await expect(school.getByLabel('审核意见')).toBeFocused();
	await approve(school, '该同志师德良好，教学业绩突出，同意推荐。');
	await expect(school.getByTestId('form-ok')).toContainText('已审核通过');
	await expect(school.getByTestId('state')).toHaveText('待主管单位审核');
	await expect(school.getByTestId('seal')).toHaveText('已签章 · 验证通过');

	// 2. The supervisor: two tabs on the same application; the second to act is told, and sees
	// the fresh state.
	const supervisor = await signedIn(browser, baseURL, 'sup.ljjy');
	await openFromQueue(supervisor, '韦丽琰');
	const second = await supervisor.context().newPage();
	await second.goto(supervisor.url());
	await ready(second);
	await approve(supervisor, '同意。');
	await expect(supervisor.getByTestId('state')).toHaveText('待职改办审批');
	await approve(second, '同意上报。');
	await expect(second.getByTestId('form-error')).toContainText('已被他人处理');
	await expect(second.getByTestId('state')).toHaveText('待职改办审批');
	await expect(second.getByTestId('decide')).toHaveCount(0);

	// 3. The county office approves with Ctrl+Enter from the opinion box.
	const county = await signedIn(browser, baseURL, 'county.liujiang');
	await openFromQueue(county, '韦丽琰');
	await county.getByLabel('审核意见').fill('符合认定条件，予以认定。');
	await county.getByLabel('审核意见').press('Control+Enter');
	await expect(county.getByTestId('state')).toHaveText('审批通过');
	await expect(county.getByTestId('seal')).toHaveCount(3);
	// The office is told which certificate its approval issued.
	await expect(county.getByTestId('form-ok')).toContainText(/已签发职称电子证书（证书编号 \d{16}/);
	await expect(county.getByTestId('issued-certificate')).toContainText(/证书编号 \d{16}/);

	// The applicant: a notification that the certificate is ready, which opens it.
	await applicant.goto('/');
	await expect(applicant.getByTestId('nav-notifications')).toContainText(/消息\s*\d+/);
	await applicant.getByTestId('nav-notifications').click();
	const latest = applicant.getByTestId('notifications').getByRole('listitem').first();
	await expect(latest).toContainText('职称电子证书已签发');
	await expect(latest.getByRole('link', { name: '查看和下载职称电子证书' })).toHaveAttribute(
		'href',
		/^\/certificates\/[0-9a-f-]{36}$/
	);
	await latest.getByRole('button').click();
	await expect(applicant).toHaveURL(/\/certificates\/[0-9a-f-]{36}$/);
	await expect(applicant.locator('main')).toContainText(/获取方式\s*认定/);
	// ... and the timeline with every sealed step.
	await applicant.getByRole('link', { name: '我的申请' }).click();
	await applicant
		.getByRole('link', { name: /职称认定\s*审批通过/ })
		.first()
		.click();
	await expect(applicant).toHaveURL(/\/applications\/[0-9a-f-]{36}$/);
	await expect(applicant.getByTestId('state')).toHaveText('审批通过');
	const timeline = applicant.getByTestId('timeline');
	await expect(timeline.getByTestId('seal')).toHaveCount(3);
	await expect(timeline).toContainText('柳江区第一中学');
	await expect(timeline).toContainText('柳江区教育局');
	await expect(timeline).toContainText('柳江区职称改革工作领导小组办公室');
	await expect(timeline).toContainText('该同志师德良好，教学业绩突出，同意推荐。');
});

test('a school returns an application naming the sections to fix; the applicant sees what to fix', async ({
	browser,
	baseURL
}) => {
	const school = await signedIn(browser, baseURL, 'emp.ljyz');
	await openFromQueue(school, '黄海燕');
	await school.keyboard.press('r');
	await expect(school.getByLabel('退回原因和修改要求')).toBeFocused();
	await school.getByLabel('退回原因和修改要求').fill('学历证书扫描件不清晰，请重新上传。');
	await school.getByRole('button', { name: '退回修改' }).click();
	await expect(school.getByText('请勾选申请人需要修改的部分')).toBeVisible();
	await school.getByRole('checkbox', { name: '证明材料' }).check();
	await school.getByRole('button', { name: '退回修改' }).click();
	await expect(school.getByTestId('state')).toHaveText('已退回修改');

	const applicant = await signedIn(browser, baseURL, '13807720004');
	await applicant.getByRole('link', { name: '我的申请' }).click();
	await applicant.getByRole('link', { name: /职称认定/ }).click();
	const fix = applicant.getByTestId('what-to-fix');
	await expect(fix).toContainText('证明材料');
	await expect(fix).toContainText('学历证书扫描件不清晰');
	await expect(fix.getByRole('link', { name: '去修改申请' })).toHaveAttribute('href', '/drafts');
});

test('an evaluation passes the committee, its publicity ends, and the city office confers it', async ({
	browser,
	baseURL
}) => {
	// The committee records its vote: published for 5 working days.
	const committee = await signedIn(browser, baseURL, 'committee.engineering');
	await openFromQueue(committee, '覃志堃');
	await committee.getByLabel('评审会议名称').fill('2026年度工程系列中级职称评审会');
	await committee.getByLabel('出席委员人数').fill('9');
	await committee.getByLabel('赞成票').fill('7');
	await committee.getByLabel('反对票').fill('1');
	await committee.getByLabel('弃权票').fill('2');
	await committee.getByRole('button', { name: '录入评审结果' }).click();
	await expect(committee.getByText('赞成、反对、弃权票数之和应等于出席委员人数')).toBeVisible();
	await committee.getByLabel('弃权票').fill('1');
	await committee.getByRole('button', { name: '录入评审结果' }).click();
	await expect(committee.getByTestId('state')).toHaveText('评审结果公示中');
	await expect(committee.getByText(/起 5 个工作日，.*期满/)).toBeVisible();

	// The city office: due publicity ends (hourly job or the button), then one document number.
	const city = await signedIn(browser, baseURL, 'city');
	await city
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '待办审核' })
		.click();
	await city.getByRole('link', { name: '发文授予', exact: true }).click();
	await ready(city);
	await city.getByRole('button', { name: '立即结束到期公示' }).click();
	await expect(city.getByTestId('form-ok')).toContainText('到期的评审结果公示');
	const rows = city.locator('tbody tr');
	await expect(rows).toHaveCount(2);
	await expect(rows.filter({ hasText: '莫喆' })).toHaveCount(1);
	await expect(rows.filter({ hasText: '蒙凯' })).toHaveCount(1);
	await city.getByLabel('全选').check();
	await city.getByLabel('发文文号').fill('柳职改字2026-15号');
	await city.getByRole('button', { name: '发文授予（2 份）' }).click();
	await expect(city.getByText('发文文号格式应如：柳职改字〔2026〕15号')).toBeVisible();
	await city.getByLabel('全选').check();
	await city.getByLabel('发文文号').fill('柳职改字〔2026〕15号');
	await city.getByRole('button', { name: '发文授予（2 份）' }).click();
	await expect(city.getByTestId('form-ok')).toContainText('已发文授予 2 份');
	await expect(city.getByText('暂无待发文授予的申请。')).toBeVisible();

	const applicant = await signedIn(browser, baseURL, '13807720003');
	await applicant.getByRole('link', { name: '我的申请' }).click();
	await applicant.getByRole('link', { name: /职称评审\s*已授予/ }).click();
	await expect(applicant.getByText('柳职改字〔2026〕15号').first()).toBeVisible();
	const timeline = applicant.getByTestId('timeline');
	await expect(timeline).toContainText('录入评审结果');
	await expect(timeline).toContainText('公示期满');
	await expect(timeline).toContainText('系统（公示期满自动处理）');
});

test('bulk approve on the county queue and overdue follow-up of a reconfirmation', async ({
	browser,
	baseURL
}) => {
	const county = await signedIn(browser, baseURL, 'county.liujiang');
	await county.goto('/review?overdue=1');
	await ready(county);
	const rows = county.locator('table.queue tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('陆晓红');
	await rows.first().getByRole('checkbox').check();
	await county.getByLabel('统一审核意见').fill('原证书信息核实无误，同意重新确认。');
	await county.getByRole('button', { name: '批量审核通过（1 份）' }).click();
	await expect(county.getByTestId('bulk-result')).toContainText('已审核通过 1 份');

	// The school mails the paper certificate; the office records its receipt.
	const school = await signedIn(browser, baseURL, 'emp.ljyz');
	await openFromQueue(school, '陆晓红');
	await school.getByLabel('寄送方式').selectOption('顺丰速运');
	await school.getByLabel('运单号').fill('SF 1234 5678 901');
	await school.getByRole('button', { name: '登记寄出原证书' }).click();
	await expect(school.getByTestId('paper-mailing')).toContainText('SF12345678901');

	await openFromQueue(county, '陆晓红');
	await county.getByRole('button', { name: '登记签收原证书' }).click();
	await expect(county.getByTestId('state')).toHaveText('已办结');
	await expect(county.getByTestId('paper-mailing')).toContainText('已签收');
});

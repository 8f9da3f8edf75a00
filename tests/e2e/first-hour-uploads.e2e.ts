/**
 * The first hour of a new user (issue 12): a real licence scan on a phone, and Excel files
 * from Chinese Windows in the paper-certificate import.
 *
 * The forms say "不超过 10 MB": a 9 MB file must go through (adapter-node's default body limit
 * was 512 KB, and a 1.4 MB scan gave a bare 413 page with everything typed lost). A bigger file
 * gets a Chinese message on the same form, values kept: in the browser before anything is sent,
 * from the action without JavaScript, and a Chinese page above the request limit.
 */
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { creditCodeCheckChar, idNumberCheckChar } from '../../src/lib/domain/identity.js';
import { signIn } from './support.js';

const MB = 1024 * 1024;
const unique = Date.now() % 100000;
let serial = 0;

function creditCode(): string {
	const body = `91450200MA6F${String((unique + serial++) % 100000).padStart(5, '0')}`;
	return body + creditCodeCheckChar(body);
}

function idNumber(n: number): string {
	const body = `4502021985${String(1 + (n % 12)).padStart(2, '0')}2${n % 10}${String((unique + n) % 1000).padStart(3, '0')}`;
	return body + idNumberCheckChar(body);
}

/** A plain PDF of exactly `size` bytes: one page and a large binary stream, as a scan has. */
function pdfOfSize(size: number): Buffer {
	const head =
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
		'2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
		'3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n';
	const tail = '\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n';
	const open = (n: number) => `4 0 obj\n<< /Length ${n} >>\nstream\n`;
	let n = size - head.length - tail.length - open(0).length;
	n -= open(n).length - open(0).length;
	const data = Buffer.alloc(n);
	for (let i = 0; i < n; i++) data[i] = (i * 7919) & 0x7f; // binary-looking, no "N G obj"
	const pdf = Buffer.concat([Buffer.from(head + open(n)), data, Buffer.from(tail)]);
	expect(pdf.length).toBe(size);
	return pdf;
}

interface Typed {
	name: string;
	creditCode: string;
	username: string;
}

async function fillEmployerForm(page: Page, file: { name: string; buffer: Buffer }) {
	const typed: Typed = {
		name: `柳州市扫描件测试有限公司${serial}`,
		creditCode: creditCode(),
		username: `emp.scan${unique}${serial}`
	};
	await page.getByLabel('单位全称').fill(typed.name);
	await page.getByLabel('统一社会信用代码').fill(typed.creditCode);
	await page.getByLabel('所属层级').selectOption({ label: '鱼峰区' });
	await page.getByLabel('主管部门').selectOption({ label: '柳州市工业和信息化局' });
	await page.getByLabel('联系人', { exact: true }).fill('陆海涛');
	await page.getByLabel('联系人手机').fill('13907725566');
	await page
		.getByLabel('营业执照 / 法人证书')
		.setInputFiles({ name: file.name, mimeType: 'application/pdf', buffer: file.buffer });
	await page.getByLabel('单位登录名').fill(typed.username);
	await page.getByLabel('设置密码').fill('Employer-Pass-88');
	await page.getByLabel('再次输入密码').fill('Employer-Pass-88');
	return typed;
}

async function expectKept(page: Page, typed: Typed) {
	await expect(page.getByLabel('单位全称')).toHaveValue(typed.name);
	await expect(page.getByLabel('统一社会信用代码')).toHaveValue(typed.creditCode);
	await expect(page.getByLabel('所属层级')).toHaveValue(/.+/);
	await expect(page.getByLabel('主管部门')).toHaveValue(/.+/);
	await expect(page.getByLabel('联系人', { exact: true })).toHaveValue('陆海涛');
	await expect(page.getByLabel('联系人手机')).toHaveValue('13907725566');
	await expect(page.getByLabel('单位登录名')).toHaveValue(typed.username);
}

test.describe('employer registration with a real licence scan (phone)', () => {
	test('a 9 MB licence PDF registers the employer', async ({ page }) => {
		await page.goto('/register/employer', { waitUntil: 'networkidle' });
		await fillEmployerForm(page, { name: '营业执照扫描件.pdf', buffer: pdfOfSize(9 * MB) });
		await page.getByRole('button', { name: '提交注册申请' }).click();
		await expect(page).toHaveURL(/\/login\?registered=employer/, { timeout: 30_000 });
		await expect(page.getByText('错误代码')).toHaveCount(0);
	});

	test('an 11 MB file: a Chinese message on the same form, nothing sent, everything kept', async ({
		page
	}) => {
		await page.goto('/register/employer', { waitUntil: 'networkidle' });
		const posts: number[] = [];
		page.on('request', (r) => {
			if (r.method() === 'POST') posts.push(r.postDataBuffer()?.length ?? 0);
		});
		const typed = await fillEmployerForm(page, { name: 'big.pdf', buffer: pdfOfSize(11 * MB) });
		await page.getByRole('button', { name: '提交注册申请' }).click();
		await expect(page.getByTestId('form-error')).toContainText('文件过大');
		await expect(page.locator('#licence-error')).toHaveText(
			'所选文件 11 MB，超过 10 MB，请压缩或重新扫描后再上传'
		);
		await expect(page.getByLabel('营业执照 / 法人证书')).toHaveAttribute('aria-invalid', 'true');
		await expect(page).toHaveURL(/\/register\/employer$/);
		await expect(page.getByText('错误代码')).toHaveCount(0);
		await expectKept(page, typed);
		await expect(page.getByLabel('设置密码')).toHaveValue('Employer-Pass-88');
		expect(posts).toEqual([]);

		// A smaller scan instead: the same form goes through.
		await page
			.getByLabel('营业执照 / 法人证书')
			.setInputFiles({ name: 'small.pdf', mimeType: 'application/pdf', buffer: pdfOfSize(MB) });
		await page.getByRole('button', { name: '提交注册申请' }).click();
		await expect(page).toHaveURL(/\/login\?registered=employer/, { timeout: 30_000 });
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('an 11 MB file: the action answers on the same form, in Chinese, values kept', async ({
		page
	}) => {
		await page.goto('/register/employer');
		const typed = await fillEmployerForm(page, { name: 'big.pdf', buffer: pdfOfSize(11 * MB) });
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: '提交注册申请' }).click()
		]);
		// The registration answers every field at once, the file among them (400).
		expect([400, 413]).toContain(response.status());
		await page.waitForLoadState();
		await expect(page.getByTestId('form-error')).toBeVisible();
		await expect(page.getByText('文件超过 10 MB，请压缩后再上传')).toBeVisible();
		await expect(page.getByText('错误代码')).toHaveCount(0);
		await expectKept(page, typed);
	});

	test('above the request limit (26 MB): a Chinese page, not a bare error', async ({ page }) => {
		await page.goto('/register/employer');
		await fillEmployerForm(page, { name: 'huge.pdf', buffer: pdfOfSize(26 * MB) });
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: '提交注册申请' }).click()
		]);
		expect(response.status()).toBe(413);
		await expect(page.getByRole('heading', { name: '文件过大' })).toBeVisible();
		await expect(page.getByText('文件不能超过 10 MB')).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	});
});

test('a credit record takes the 9 MB evidence its form allows', async ({ page }) => {
	await signIn(page, 'city');
	await page.goto('/records/credit', { waitUntil: 'networkidle' });
	await page.getByLabel('当事人姓名').fill('蒙海燕');
	await page.getByLabel('身份证号').fill(idNumber(1));
	await page.getByLabel('违规类型').selectOption({ label: '提供虚假申报材料' });
	await page.getByLabel('查证的事实').fill('申报材料中的论文经查为伪造。');
	await page.getByLabel('发生或查实日期').fill('2026-03-02');
	await page.getByLabel('处理决定（文号和标题）').fill('柳职办〔2026〕9号 关于取消申报资格的决定');
	await page.getByLabel('证据材料（PDF、JPEG 或 PNG，不超过 10 MB）').setInputFiles({
		name: 'evidence.pdf',
		mimeType: 'application/pdf',
		buffer: pdfOfSize(9 * MB)
	});
	await page.getByRole('button', { name: '登记' }).click();
	await expect(page.getByTestId('form-ok')).toContainText('信用记录已登记', { timeout: 30_000 });
});

test('paper-certificate import: a GBK CSV from Excel and an .xlsx, and the template', async ({
	page
}) => {
	await signIn(page, 'city');
	await page.goto('/records/paper-certificates/import', { waitUntil: 'networkidle' });
	const header = '姓名,身份证号,职称系列,资格名称,级别,证书编号,发证日期,发证单位';
	const gbk = iconv.encode(
		`${header}\r\n蒙秋菊,${idNumber(2)},工程,助理工程师,初级,E2E-GBK-${unique},2014-07-01,柳州市职改办\r\n`,
		'gbk'
	);
	await page
		.getByLabel('导入文件（.xlsx 或 .csv）')
		.setInputFiles({ name: '纸质证书.csv', mimeType: 'text/csv', buffer: gbk });
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByTestId('import-report')).toContainText(`已登记 E2E-GBK-${unique}`);
	await expect(page.getByRole('heading', { name: /成功 1 行，失败 0 行/ })).toBeVisible();

	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('纸质证书');
	sheet.addRow(header.split(','));
	sheet.addRow([
		'覃海燕',
		idNumber(3),
		'卫生',
		'主治医师',
		'中级',
		`E2E-XLSX-${unique}`,
		new Date(Date.UTC(2016, 4, 20)),
		'柳州市职改办'
	]);
	const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
	await page.getByLabel('导入文件（.xlsx 或 .csv）').setInputFiles({
		name: '纸质证书.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: xlsx
	});
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByTestId('import-report')).toContainText(`已登记 E2E-XLSX-${unique}`);

	const download = await page.request.get('/records/paper-certificates/import/template.xlsx');
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toContain('spreadsheetml');
	const template = new ExcelJS.Workbook();
	await template.xlsx.load((await download.body()) as unknown as ArrayBuffer);
	expect(template.worksheets[0].getRow(1).values).toEqual([undefined, ...header.split(',')]);
	await expect(page.getByRole('link', { name: '下载 Excel 导入模板（.xlsx）' })).toBeVisible();
});

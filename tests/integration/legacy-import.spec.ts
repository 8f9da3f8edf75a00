import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { signIn } from '../../src/lib/server/auth/sign-in.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	accountActivations,
	auditLog,
	organisations,
	paperCertificates,
	users
} from '../../src/lib/server/db/schema/index.js';
import {
	ACCOUNT_COLUMNS,
	activateAccount,
	importAccounts
} from '../../src/lib/server/legacy/import-accounts.js';
import { pbkdf2Sha256 } from '../../src/lib/server/auth/legacy-hash.js';
import {
	findPaperCertificate,
	importPaperCertificates,
	paperCertificateTemplate,
	registerPaperCertificate
} from '../../src/lib/server/legacy/import-paper-certificates.js';
import { decodeText } from '../../src/lib/server/legacy/read-table.js';
import { platform } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg, validIdNumber, validMobile } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	await handle.drop();
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe(`paper certificates of old (${backend})`, () => {
	it('CSV import with bad rows: a report per row, good rows imported, bad rows not written at all', async () => {
		const [a, b, c] = [validIdNumber(), validIdNumber(), validIdNumber()];
		const csv = [
			'姓名,身份证号,职称系列,资格名称,级别,证书编号,发证日期,发证单位',
			`韦丽琰,${a},工程,工程师,中级,LZGC-2015-0001,2015-06-30,柳州市职称改革工作领导小组办公室`,
			`覃志堃,450202199913320000,工程,工程师,中级,LZGC-2015-0002,2015-06-30,柳州市职改办`,
			`"莫喆",${b},卫生,主治医师,中级,"WS 2016,0003",2016-13-01,柳州市职改办`,
			`陆一鸣,${c},天文,天文师,中级,TW-1,2016-01-01,柳州市职改办`,
			`韦丽琰,${a},工程,工程师,中级,LZGC-2015-0001,2015-06-30,柳州市职称改革工作领导小组办公室`,
			`黄海,${b},会计,助理会计师,初级,KJ-2012-7,2012-12-01,柳江县职改办`
		].join('\r\n');
		const before = (await db().select().from(auditLog)).length;
		const report = await importPaperCertificates(offices.county.actor, csv);
		expect(report.map((r) => [r.line, r.ok])).toEqual([
			[2, true],
			[3, false],
			[4, false],
			[5, false],
			[6, false],
			[7, true]
		]);
		expect(report[1].message).toMatch(/^身份证号：/);
		expect(report[2].message).toContain('发证日期');
		expect(report[3].message).toContain('职称系列');
		expect(report[4].message).toContain('已登记过');
		const rows = await db().select().from(paperCertificates);
		expect(rows.map((r) => r.certificateNo).sort()).toEqual(['KJ-2012-7', 'LZGC-2015-0001']);
		expect(rows[0].idNumberEnc).not.toContain(a.slice(0, 10));
		const audits = (await db().select().from(auditLog)).slice(before);
		expect(audits.filter((e) => e.action === 'paperCertificate.register')).toHaveLength(2);
	});

	it('a malformed file imports nothing; employers may not register paper certificates', async () => {
		const e = await refusal(importPaperCertificates(offices.city.actor, '姓名,电话\n张三,1'));
		expect(e.message).toContain('表头“电话”无法识别');
		const employer = await makeOrg('employer');
		expect((await refusal(importPaperCertificates(employer.actor, 'x'))).code).toBe('FORBIDDEN');
	});

	it('the form registers one; found by number and exact name, masked, without the ID number', async () => {
		await registerPaperCertificate(offices.city.actor, {
			holderName: '欧阳娜娜',
			idNumber: validIdNumber(),
			series: 'teacher',
			qualification: '一级教师',
			level: 'intermediate',
			certificateNo: 'JS 2013 0099',
			issuedOn: '2013-09-10',
			issuingOffice: '柳州市职称改革工作领导小组办公室'
		});
		const found = await findPaperCertificate('JS20130099', '欧阳娜娜');
		expect(found).toMatchObject({ holderName: '欧阳**', qualification: '一级教师', notice: null });
		expect(JSON.stringify(found)).not.toMatch(/\d{7,}/);
		expect(await findPaperCertificate('JS20130099', '欧阳')).toBeNull();
	});
});

describe(`legacy accounts (${backend})`, () => {
	it('imports bcrypt, PBKDF2 and hash-less rows, reports bad rows per line, writes nothing for them', async () => {
		const employer = await makeOrg('employer');
		const [org] = await db()
			.select({ name: organisations.name })
			.from(organisations)
			.where(eq(organisations.id, employer.orgId));
		const ids = [validIdNumber(), validIdNumber(), validIdNumber()];
		const bcryptHash = (await bcrypt.hash('Old-Pass-2018', 10)).replace(/^\$2b\$/, '$2y$');
		const pbkdf2 = await pbkdf2Sha256('Django-Pass-2018', 'saltsalt', 10_000);
		const csv = [
			'username,name,idNumber,phone,organisation,role,passwordHash',
			`,韦丽琰,${ids[0]},${validMobile()},,,${bcryptHash}`,
			`lz.hr01,黄海,,,${org.name},管理员,${pbkdf2}`,
			`,莫喆,${ids[1]},,,,`,
			`,陆一鸣,${ids[2]},,,,md5$abc$def`,
			`x.y,李四,,,不存在的单位,经办人,`,
			`,王五,,,,,`,
			`,韦丽琳,${ids[0]},,,,`
		].join('\n');
		const report = await importAccounts(csv);
		expect(report.map((r) => [r.line, r.ok])).toEqual([
			[2, true],
			[3, true],
			[4, true],
			[5, false],
			[6, false],
			[7, false],
			[8, false]
		]);
		expect(report[3].message).toContain('密码哈希格式不支持');
		expect(report[4].message).toContain('不存在的单位');
		expect(report[5].message).toContain('个人账号须有身份证号');
		expect(report[6].message).toContain('该身份证号已有账号');
		expect(report[2].activationCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
		expect(report[0].activationCode).toBeUndefined();
		const names = (await db().select({ name: users.name }).from(users)).map((u) => u.name);
		for (const refused of ['陆一鸣', '李四', '王五', '韦丽琳'])
			expect(names).not.toContain(refused);

		// bcrypt ($2y$ as PHP writes it): the old password works, then it is argon2id.
		const first = await signIn({ identifier: ids[0], password: 'Old-Pass-2018', ip: '10.0.0.1' });
		const [rehashed] = await db().select().from(users).where(eq(users.id, first.user.id));
		expect(rehashed.passwordHash).toMatch(/^\$argon2id\$/);
		await signIn({ identifier: ids[0], password: 'Old-Pass-2018', ip: '10.0.0.1' });
		expect(
			(await refusal(signIn({ identifier: ids[0], password: 'wrong-pass', ip: '10.0.0.1' }))).code
		).toBe('INVALID_CREDENTIALS');

		// PBKDF2 (Django layout), staff of the named organisation.
		const staff = await signIn({
			identifier: 'lz.hr01',
			password: 'Django-Pass-2018',
			ip: '10.0.0.2'
		});
		expect(staff.user.organisationId).toBe(employer.orgId);
		expect(staff.user.role).toBe('admin');
		const [s] = await db().select().from(users).where(eq(users.id, staff.user.id));
		expect(s.passwordHash).toMatch(/^\$argon2id\$/);

		// No hash: cannot sign in until the one-time code sets a password.
		expect(
			(await refusal(signIn({ identifier: ids[1], password: 'anything-1', ip: '10.0.0.3' }))).code
		).toBe('INVALID_CREDENTIALS');
		const code = report[2].activationCode!;
		expect(
			(
				await refusal(
					activateAccount({
						identifier: ids[1],
						code: 'AAAAA-AAAAA',
						password: 'New-Secret-77',
						confirm: 'New-Secret-77'
					})
				)
			).fields.code
		).toBeTruthy();
		await activateAccount({
			identifier: ids[1],
			code: code.toLowerCase(),
			password: 'New-Secret-77',
			confirm: 'New-Secret-77'
		});
		await signIn({ identifier: ids[1], password: 'New-Secret-77', ip: '10.0.0.3' });
		const [act] = await db().select().from(accountActivations);
		expect(act.usedAt).toBeInstanceOf(Date);
		expect(act.codeHash).not.toContain(code.replace('-', ''));
		expect(
			(
				await refusal(
					activateAccount({
						identifier: ids[1],
						code,
						password: 'Another-Secret-88',
						confirm: 'Another-Secret-88'
					})
				)
			).code
		).toBe('VALIDATION');
	});
});

/** An .xlsx as Excel saves it: text cells, an 18-digit ID as text, a date as a real date cell. */
async function workbook(rows: unknown[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('Sheet1');
	for (const row of rows) sheet.addRow(row);
	wb.addWorksheet('其他').addRow(['这一页不读']);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe(`imports from Excel on Chinese Windows (${backend})`, () => {
	const header = '姓名,身份证号,职称系列,资格名称,级别,证书编号,发证日期,发证单位';

	it('reads UTF-8 with and without BOM, GB18030 (GBK), UTF-16; refuses .xls and undecodable bytes', () => {
		const text = '姓名,级别\r\n韦丽琰,中级\r\n';
		expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
		const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
		expect(decodeText(bom)).toEqual({ text, encoding: 'utf-8' });
		expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
		// Rare characters outside GBK (GB18030's four-byte sequences): 䶮 and 𬌗.
		expect(decodeText(iconv.encode('䶮𬌗,初级', 'gb18030')).text).toBe('䶮𬌗,初级');
		expect(decodeText(iconv.encode(text, 'utf-16le', { addBOM: true }))).toEqual({
			text,
			encoding: 'utf-16'
		});
		expect(() => decodeText(new Uint8Array([0x81, 0x30, 0xff, 0xff, 0x0a]))).toThrow(/编码/);
	});

	it('paper certificates: a GBK CSV saved by Excel (no BOM) imports, as does UTF-8', async () => {
		const id = validIdNumber();
		const csv = [header, `蒙秋菊,${id},工程,助理工程师,初级,GBK-2014-0001,2014-07-01,柳州市职改办`];
		const gbk = iconv.encode(csv.join('\r\n') + '\r\n', 'gbk');
		// No BOM, and not UTF-8: what the route decoded before read as 表头无法识别.
		expect([...gbk.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
		const report = await importPaperCertificates(offices.city.actor, new Uint8Array(gbk));
		expect(report).toEqual([{ line: 2, ok: true, message: '已登记 GBK-2014-0001' }]);
		const [row] = await db()
			.select()
			.from(paperCertificates)
			.where(eq(paperCertificates.certificateNo, 'GBK-2014-0001'));
		expect(row).toMatchObject({ holderName: '蒙秋菊', issuingOffice: '柳州市职改办' });
		// A header that is not known is still named, in readable Chinese, whatever the encoding.
		const e = await refusal(
			importPaperCertificates(offices.city.actor, iconv.encode('姓名,电话\r\n张三,1', 'gbk'))
		);
		expect(e.message).toContain('表头“电话”无法识别');
	});

	it('paper certificates: an .xlsx imports from its first sheet (date cells, numeric cells, the template)', async () => {
		const [a, b] = [validIdNumber(), validIdNumber()];
		const xlsx = await workbook([
			header.split(','),
			[
				'覃海燕',
				a,
				'卫生',
				'主治医师',
				'中级',
				'WS-2016-0009',
				new Date(Date.UTC(2016, 4, 20)),
				'柳州市职改办'
			],
			['覃海燕', b, '会计', '会计师', '中级', 20170003, '2017-03-01', '柳州市职改办'],
			[],
			['韦小宝', '123', '天文', '天文师', '中级', 'TW-1', '2016-01-01', '柳州市职改办']
		]);
		const report = await importPaperCertificates(offices.city.actor, xlsx);
		expect(report.map((r) => [r.line, r.ok])).toEqual([
			[2, true],
			[3, true],
			[5, false]
		]);
		const rows = await db()
			.select()
			.from(paperCertificates)
			.where(eq(paperCertificates.holderName, '覃海燕'));
		expect(rows.map((r) => [r.certificateNo, r.issuedOn]).sort()).toEqual([
			['20170003', '2017-03-01'],
			['WS-2016-0009', '2016-05-20']
		]);

		// The template offered for download: the headers of the first sheet are what the import reads.
		const template = await paperCertificateTemplate();
		const read = new ExcelJS.Workbook();
		await read.xlsx.load(Buffer.from(template) as unknown as ArrayBuffer);
		expect(read.worksheets[0].getRow(1).values).toEqual([undefined, ...header.split(',')]);
		expect(await importPaperCertificates(offices.city.actor, template)).toEqual([]);

		// The old binary .xls and a renamed file get a Chinese reason, nothing imported.
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
		expect((await refusal(importPaperCertificates(offices.city.actor, xls))).message).toContain(
			'.xls'
		);
		const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
		expect((await refusal(importPaperCertificates(offices.city.actor, broken))).message).toContain(
			'Excel'
		);
	});
});

describe('npm run accounts:import with Excel files', () => {
	it('imports a GBK CSV and an .xlsx, and writes the template', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'zc-accounts-'));
		const cli = (...args: string[]) =>
			spawnSync(
				process.execPath,
				['node_modules/tsx/dist/cli.mjs', 'scripts/accounts-import.ts', ...args],
				{
					encoding: 'utf8',
					env: {
						...process.env,
						DATA_DIR: join(dir, 'data'),
						DATABASE_URL: '',
						MASTER_KEY: '',
						SEED_DEMO: 'false'
					}
				}
			);
		try {
			const head = 'username,name,idNumber,phone,organisation,role,passwordHash';
			const gbkFile = join(dir, 'accounts-gbk.csv');
			writeFileSync(gbkFile, iconv.encode(`${head}\r\n,黄秋菊,${validIdNumber()},,,,\r\n`, 'gbk'));
			const gbk = cli(gbkFile);
			expect(gbk.stderr).not.toContain('无法识别');
			expect(gbk.stdout).toContain('第 2 行  成功');
			expect(gbk.status).toBe(0);

			const xlsxFile = join(dir, 'accounts.xlsx');
			writeFileSync(
				xlsxFile,
				await workbook([
					['登录名', '姓名', '身份证号', '手机号', '所在机构', '角色', '密码哈希'],
					['', '覃德明', validIdNumber(), validMobile(), '', '', '']
				])
			);
			const xlsx = cli(xlsxFile);
			expect(xlsx.stdout).toMatch(/第 2 行 {2}成功 .*激活码 [2-9A-Z]{5}-[2-9A-Z]{5}/);
			expect(xlsx.status).toBe(0);

			const templateFile = join(dir, 'template.xlsx');
			expect(cli('--template', templateFile).status).toBe(0);
			const read = new ExcelJS.Workbook();
			await read.xlsx.load(readFileSync(templateFile) as unknown as ArrayBuffer);
			expect(read.worksheets[0].getRow(1).values).toEqual([
				undefined,
				...Object.values(ACCOUNT_COLUMNS)
			]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 180_000);
});

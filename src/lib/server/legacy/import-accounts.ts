/**
 * Accounts of the earlier platform (2018 accounts stay valid: 柳职办〔2019〕17号 二.(五)).
 * `npm run accounts:import -- FILE.csv` (or FILE.xlsx; a CSV in UTF-8 or GBK) reads one row per
 * account:
 *
 *   username, name, idNumber, phone, organisation, role, passwordHash
 *   (or the Chinese headers 登录名, 姓名, 身份证号, 手机号, 所在机构, 角色, 密码哈希)
 *
 * - organisation empty → an applicant (ID number required); otherwise staff of the organisation
 *   with that exact name (or 统一社会信用代码), role admin/管理员 or reviewer/经办人.
 * - passwordHash in a documented legacy format (auth/legacy-hash.ts: bcrypt or Django PBKDF2) keeps
 *   the old password working; it is re-hashed with argon2id at the first successful sign-in.
 * - no hash → a one-time activation code (printed once in the report, stored as a keyed hash,
 *   valid 90 days) to set a password at /activate.
 *
 * Each row is checked and written in its own transaction: good rows are imported, bad rows are
 * reported with line and reason, nothing is half-written.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, or } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { checkPassword, maskIdNumber, parseIdNumber, parseMobile } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/password.js';
import { findAccount } from '../auth/sign-in.js';
import { invalidateUserSessions } from '../auth/session.js';
import { now } from '../clock.js';
import { deriveKey } from '../crypto/master-key.js';
import { blindIndex, decrypt, encrypt } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import { accountActivations, organisations, users } from '../db/schema/index.js';
import { isUniqueViolation } from '../db/unique.js';
import { CsvError, parseTable } from './csv.js';
import { legacyScheme } from '../auth/legacy-hash.js';
import { readTable } from './read-table.js';
import type { RowReport } from './import-paper-certificates.js';

export const ACCOUNT_COLUMNS = {
	username: '登录名',
	name: '姓名',
	idNumber: '身份证号',
	phone: '手机号',
	organisation: '所在机构',
	role: '角色',
	passwordHash: '密码哈希'
} as const;

/** The .xlsx template for `npm run accounts:import -- --template FILE.xlsx`. */
export async function accountsTemplate(): Promise<Uint8Array> {
	const { importTemplate } = await import('./import-template.js');
	const notes: Record<keyof typeof ACCOUNT_COLUMNS, [string, string]> = {
		username: ['工作人员的登录名（3–40 位字母、数字或 . _ @ -）；个人账号可空', 'lz.hr01'],
		name: ['姓名，2–30 字', '黄海'],
		idNumber: ['个人账号必填：18 位居民身份证号（文本格式）', '450205199001011234'],
		phone: ['11 位手机号，可空', '13807720001'],
		organisation: ['空：个人账号；否则为机构全称或统一社会信用代码', '柳州钢铁集团有限公司'],
		role: ['工作人员：管理员 或 经办人', '经办人'],
		passwordHash: ['原平台的密码哈希（bcrypt 或 PBKDF2）；空则发放激活码', '']
	};
	return importTemplate(
		'账号',
		(Object.keys(ACCOUNT_COLUMNS) as (keyof typeof ACCOUNT_COLUMNS)[]).map((k) => ({
			header: ACCOUNT_COLUMNS[k],
			note: notes[k][0],
			example: notes[k][1],
			width: k === 'idNumber' || k === 'organisation' || k === 'passwordHash' ? 24 : undefined
		}))
	);
}

const ACTIVATION_DAYS = 90;
/** No 0/O, 1/I/L: read out over the phone. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Marks an account that can sign in only after activation; argon2 and legacy checks fail on it. */
export const ACTIVATION_PENDING = '!activation-pending';

export function newActivationCode(): string {
	let code = '';
	for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function activationHash(code: string): string {
	const normal = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
	return createHmac('sha256', deriveKey('activation-codes')).update(normal).digest('hex');
}

export interface AccountRowReport extends RowReport {
	/** Printed once: the activation code of a row imported without a hash. */
	activationCode?: string;
}

type Row = Record<keyof typeof ACCOUNT_COLUMNS, string>;

async function checkRow(r: Row) {
	const fields: Record<string, string> = {};
	const name = r.name.trim();
	if (name.length < 2 || name.length > 30) fields.name = '请填写姓名（2–30 字）';
	const id = r.idNumber.trim() ? parseIdNumber(r.idNumber) : null;
	if (id && !id.ok) fields.idNumber = id.message;
	const mobile = r.phone.trim() ? parseMobile(r.phone) : null;
	if (mobile && !mobile.ok) fields.phone = mobile.message;
	const username = r.username.trim();
	if (username && !/^[A-Za-z0-9._@-]{3,40}$/.test(username))
		fields.username = '登录名应为 3–40 位字母、数字或 . _ @ -';
	const hash = r.passwordHash.trim();
	if (hash && !legacyScheme(hash))
		fields.passwordHash = '密码哈希格式不支持（支持 bcrypt $2a$/$2b$/$2y$ 与 pbkdf2_sha256$…）';
	let organisationId: string | null = null;
	let role: 'admin' | 'reviewer' | null = null;
	const orgName = r.organisation.trim();
	if (orgName) {
		const [org] = await db()
			.select({ id: organisations.id })
			.from(organisations)
			.where(or(eq(organisations.name, orgName), eq(organisations.creditCode, orgName)))
			.limit(1);
		if (!org) fields.organisation = `平台上没有名为“${orgName}”的机构，请先创建该机构`;
		else organisationId = org.id;
		const roleText = r.role.trim();
		role = ['admin', '管理员'].includes(roleText)
			? 'admin'
			: ['reviewer', '经办人', ''].includes(roleText)
				? 'reviewer'
				: null;
		if (!role) fields.role = '角色应为 管理员(admin) 或 经办人(reviewer)';
		if (!username) fields.username = '机构工作人员须有登录名';
	} else if (!id) fields.idNumber = '个人账号须有身份证号';
	if (Object.keys(fields).length) return { ok: false as const, fields };
	return {
		ok: true as const,
		value: {
			name,
			username: username || null,
			idNumber: id?.ok ? id.value : null,
			mobile: mobile?.ok ? mobile.value : null,
			organisationId,
			role,
			hash: hash || null
		}
	};
}

type Checked = Extract<Awaited<ReturnType<typeof checkRow>>, { ok: true }>['value'];

async function insertRow(tx: Tx, v: Checked, code: string | null) {
	const [user] = await tx
		.insert(users)
		.values({
			kind: v.organisationId ? 'staff' : 'applicant',
			username: v.username,
			name: v.name,
			idNumberEnc: v.idNumber ? encrypt(v.idNumber) : null,
			idNumberHmac: v.idNumber ? blindIndex('id', v.idNumber) : null,
			idNumberMasked: v.idNumber ? maskIdNumber(v.idNumber, 'staff') : null,
			mobileEnc: v.mobile ? encrypt(v.mobile) : null,
			mobileHmac: v.mobile ? blindIndex('mobile', v.mobile) : null,
			passwordHash: v.hash ?? ACTIVATION_PENDING,
			organisationId: v.organisationId,
			role: v.role
		})
		.returning({ id: users.id });
	if (code) {
		await tx.insert(accountActivations).values({
			userId: user.id,
			codeHash: activationHash(code),
			expiresAt: new Date(now().getTime() + ACTIVATION_DAYS * 86_400_000)
		});
	}
	await recordAudit(tx, {
		action: 'account.import',
		objectType: 'user',
		objectId: user.id,
		result: 'ok',
		detail: { scheme: v.hash ? legacyScheme(v.hash) : 'activation', staff: !!v.organisationId }
	});
	return user.id;
}

const DUPLICATES: [string, string][] = [
	['users_username_uq', 'username：登录名已被使用'],
	['users_id_number_hmac_uq', 'idNumber：该身份证号已有账号'],
	['users_mobile_hmac_uq', 'phone：该手机号已有账号']
];

function describe(fields: Record<string, string>): string {
	return Object.entries(fields)
		.map(([k, m]) => `${ACCOUNT_COLUMNS[k as keyof typeof ACCOUNT_COLUMNS] ?? k}：${m}`)
		.join('；');
}

/** `file`: the CSV (UTF-8 or GBK, see read-table.ts) or .xlsx bytes, or CSV text. */
export async function importAccounts(file: string | Uint8Array): Promise<AccountRowReport[]> {
	let rows;
	try {
		rows = parseTable((await readTable(file)).records, ACCOUNT_COLUMNS);
	} catch (e) {
		if (e instanceof CsvError) throw new AppError('VALIDATION', { file: e.message }, e.message);
		throw e;
	}
	const report: AccountRowReport[] = [];
	for (const row of rows) {
		const checked = await checkRow(row.values as Row);
		if (!checked.ok) {
			report.push({ line: row.line, ok: false, message: describe(checked.fields) });
			continue;
		}
		const code = checked.value.hash ? null : newActivationCode();
		try {
			await db().transaction((tx) => insertRow(tx, checked.value, code));
			report.push({
				line: row.line,
				ok: true,
				message: code ? '已导入，需用激活码设置密码' : '已导入，原密码可继续登录',
				...(code ? { activationCode: code } : {})
			});
		} catch (e) {
			if (!isUniqueViolation(e)) throw e;
			const hit = DUPLICATES.find(([c]) => isUniqueViolation(e, c));
			const [k, m] = (hit?.[1] ?? 'row：与已有账号重复').split('：');
			report.push({ line: row.line, ok: false, message: describe({ [k]: m }) });
		}
	}
	return report;
}

/**
 * /activate: the person names their account (username, ID or mobile number), gives the code and
 * a new password. The code is single-use and expires; every failure looks the same.
 */
export async function activateAccount(input: {
	identifier: string;
	code: string;
	password: string;
	confirm: string;
}): Promise<void> {
	const wrong = () => new AppError('VALIDATION', { code: '账号或激活码不正确，或激活码已过期' });
	const user = await findAccount(input.identifier);
	const [activation] = user
		? await db()
				.select()
				.from(accountActivations)
				.where(and(eq(accountActivations.userId, user.id), isNull(accountActivations.usedAt)))
		: [];
	const given = Buffer.from(activationHash(input.code), 'hex');
	const ok =
		!!activation &&
		activation.expiresAt > now() &&
		timingSafeEqual(given, Buffer.from(activation.codeHash, 'hex'));
	if (!user || !ok) {
		await recordAudit(db(), {
			actorUserId: user?.id ?? null,
			action: 'account.activate',
			result: 'failed'
		});
		throw wrong();
	}
	const pw = checkPassword(input.password, {
		idNumber: user.idNumberEnc ? decrypt(user.idNumberEnc) : undefined,
		mobile: user.mobileEnc ? decrypt(user.mobileEnc) : undefined,
		username: user.username ?? undefined
	});
	if (!pw.ok) throw new AppError('VALIDATION', { password: pw.message });
	if (input.password !== input.confirm)
		throw new AppError('VALIDATION', { confirm: '两次输入的密码不一致' });
	const passwordHash = await hashPassword(input.password);
	await db().transaction(async (tx) => {
		const used = await tx
			.update(accountActivations)
			.set({ usedAt: now() })
			.where(and(eq(accountActivations.userId, user.id), isNull(accountActivations.usedAt)))
			.returning();
		if (used.length !== 1) throw wrong();
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: now(), failedSignIns: 0, lockedUntil: null })
			.where(eq(users.id, user.id));
		await invalidateUserSessions(user.id, tx);
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'account.activate',
			objectType: 'user',
			objectId: user.id,
			result: 'ok'
		});
	});
}

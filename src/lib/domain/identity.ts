/**
 * Chinese identifiers: resident ID number (身份证号, GB 11643-1999), unified social credit code
 * (统一社会信用代码, GB 32100-2015) and mobile number — parse, validate, mask — plus the
 * password rule. Pure: runs unchanged in the browser (instant form feedback) and on the server
 * (the authority). Messages are Chinese and tell the person what to fix.
 */
import { commonPasswords } from './common-passwords.js';

export type ParseFailure = { ok: false; message: string };
export type ParseResult = { ok: true; value: string } | ParseFailure;
export type IdNumberResult =
	{ ok: true; value: string; birthDate: string; sex: 'male' | 'female' } | ParseFailure;
export type PasswordContext = { idNumber?: string; mobile?: string; username?: string };

const fail = (message: string): ParseFailure => ({ ok: false, message });

/**
 * NFKC turns full-width digits and letters (what a Chinese IME types) into ASCII; spaces are
 * dropped because people copy numbers grouped for reading.
 */
function normalise(input: string): string {
	return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

// ---------------------------------------------------------------- 身份证号 GB 11643-1999

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idNumberCheckChar(first17: string): string {
	if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar needs 17 digits');
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
	return ID_CHECK_CHARS[sum % 11];
}

/** Today's date in China (UTC+8 all year, no daylight saving), as YYYY-MM-DD. */
function chinaToday(): string {
	return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * @param options.today YYYY-MM-DD used for the "not in the future" rule; defaults to today in
 *   China. Lets tests pin the clock.
 */
export function parseIdNumber(input: string, options: { today?: string } = {}): IdNumberResult {
	const value = normalise(input);
	if (value === '') return fail('请输入身份证号');
	if (value.length !== 18) return fail(`身份证号应为 18 位，当前为 ${value.length} 位`);
	if (!/^\d{17}[\dX]$/.test(value)) return fail('身份证号前 17 位应为数字，最后一位为数字或 X');
	if (value[0] === '0' || value[0] === '9') return fail('身份证号前 6 位地区码不正确，请核对');

	const [y, m, d] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
	const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
	if (y < 1900 || !isCalendarDate(y, m, d)) {
		return fail('身份证号中的出生日期无效，请核对第 7–14 位');
	}
	if (birthDate > (options.today ?? chinaToday())) {
		return fail('身份证号中的出生日期晚于今天，请核对第 7–14 位');
	}
	if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) {
		return fail('身份证号校验位不正确，请核对最后一位');
	}
	return { ok: true, value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

export function isValidIdNumber(s: string): boolean {
	return parseIdNumber(s).ok;
}

// ---------------------------------------------------------------- 统一社会信用代码 GB 32100-2015

/** The 31 characters allowed; I, O, Z, S, V are left out to avoid confusion with 1, 0, 2, 5, U. */
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_PATTERN = new RegExp(`^[${CREDIT_CHARSET}]{18}$`);

/** GB 32100-2015 check character (MOD 31) for the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
	if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs 17 characters');
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const v = CREDIT_CHARSET.indexOf(first17[i]);
		if (v < 0) throw new RangeError(`creditCodeCheckChar: '${first17[i]}' is not allowed`);
		sum += v * CREDIT_WEIGHTS[i];
	}
	return CREDIT_CHARSET[(31 - (sum % 31)) % 31];
}

export function parseCreditCode(input: string): ParseResult {
	const value = normalise(input);
	if (value === '') return fail('请输入统一社会信用代码');
	if (value.length !== 18) return fail(`统一社会信用代码应为 18 位，当前为 ${value.length} 位`);
	if (!CREDIT_PATTERN.test(value)) {
		return fail('统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V），请核对');
	}
	if (!/^\d{6}$/.test(value.slice(2, 8))) {
		return fail('统一社会信用代码第 3–8 位应为数字（行政区划码），请核对');
	}
	if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) {
		return fail('统一社会信用代码校验位不正确，请核对最后一位');
	}
	return { ok: true, value };
}

export function isValidCreditCode(s: string): boolean {
	return parseCreditCode(s).ok;
}

// ---------------------------------------------------------------- 手机号

function stripMobile(input: string): string {
	return input
		.normalize('NFKC')
		.replace(/[\s-]+/g, '')
		.replace(/^\+?86(?=\d{11}$)/, '');
}

export function parseMobile(input: string): ParseResult {
	const value = stripMobile(input);
	if (value === '') return fail('请输入手机号');
	if (!/^1[3-9]\d{9}$/.test(value))
		return fail('手机号格式不正确，请输入 11 位手机号，如 13812345678');
	return { ok: true, value };
}

// ---------------------------------------------------------------- masks

/** Keeps `head` and `tail` characters; anything of an unexpected length is masked entirely. */
function maskKeeping(chars: string[], head: number, tail: number): string {
	if (chars.length <= head + tail) return '*'.repeat(chars.length);
	return [
		...chars.slice(0, head),
		'*'.repeat(chars.length - head - tail),
		...chars.slice(chars.length - tail)
	].join('');
}

/**
 * `staff`: first 6 + last 4 (450203********1234), for reviewers who must match a person.
 * `public`: first 1 + last 1 (4****************X), for announcements and lookups.
 * Input that is not 15 or 18 characters (old or current ID) is fully masked.
 */
export function maskIdNumber(id: string, style: 'staff' | 'public'): string {
	const chars = Array.from(normalise(id));
	if (chars.length !== 18 && chars.length !== 15) return '*'.repeat(chars.length);
	return style === 'staff' ? maskKeeping(chars, 6, 4) : maskKeeping(chars, 1, 1);
}

/** 138****5678. Anything that is not an 11-digit number is fully masked. */
export function maskMobile(mobile: string): string {
	const chars = Array.from(stripMobile(mobile));
	return chars.length === 11 ? maskKeeping(chars, 3, 4) : '*'.repeat(chars.length);
}

/** Common two-character surnames (复姓): public lists show the whole surname, as people expect. */
const COMPOUND_SURNAMES = new Set(
	(
		'欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 ' +
		'南宫 西门 万俟 闻人 澹台 公冶 宗政 濮阳 太叔 申屠 钟离 赫连 呼延 百里 东郭 拓跋 司空'
	).split(' ')
);

/**
 * Masks a name for public lists: the surname stays, the given name becomes `*` (张三 → 张*,
 * 欧阳娜娜 → 欧阳**). A compound surname is recognised only in names of 3+ characters, so a
 * two-character name is always shown as one character + `*`. Single characters are unchanged.
 */
export function maskName(name: string): string {
	const chars = Array.from(name.trim());
	if (chars.length <= 1) return chars.join('');
	const keep = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
	return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

// ---------------------------------------------------------------- password

/** Usernames shorter than this are not searched for: "ab" would forbid too many passwords. */
const MIN_USERNAME_CHECK = 3;

export function checkPassword(
	password: string,
	context: PasswordContext = {}
): { ok: true } | ParseFailure {
	const length = Array.from(password).length;
	if (length < 8) return fail('密码至少需要 8 位，请加长');
	if (length > 128) return fail('密码不能超过 128 位');
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower)) return fail('密码过于常见，请换一个更难猜的密码');

	const idNumber = context.idNumber ? normalise(context.idNumber).toLowerCase() : '';
	if (idNumber && lower.includes(idNumber)) return fail('密码不能包含身份证号，请换一个');
	const mobile = context.mobile ? stripMobile(context.mobile) : '';
	if (mobile && password.includes(mobile)) return fail('密码不能包含手机号，请换一个');
	const username = context.username?.trim().toLowerCase() ?? '';
	if (Array.from(username).length >= MIN_USERNAME_CHECK && lower.includes(username)) {
		return fail('密码不能包含登录名，请换一个');
	}
	return { ok: true };
}

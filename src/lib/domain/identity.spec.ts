import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { commonPasswords } from './common-passwords.js';
import {
	checkPassword,
	creditCodeCheckChar,
	idNumberCheckChar,
	isValidCreditCode,
	isValidIdNumber,
	maskIdNumber,
	maskMobile,
	maskName,
	parseCreditCode,
	parseIdNumber,
	parseMobile
} from './identity.js';

const DIGITS = '0123456789';
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// ---------------------------------------------------------------- factories

function makeIdNumber({ region = '450203', birth = '19900101', seq = '123' } = {}): string {
	const first17 = region + birth + seq;
	return first17 + idNumberCheckChar(first17);
}

function makeCreditCode(first17 = '91450200MA5K11110'): string {
	return first17 + creditCodeCheckChar(first17);
}

const chars = (alphabet: string, length: number) =>
	fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });

/** Valid ID numbers: region 1–8xxxxx, a real birth date 1900–2020, any sequence digits. */
const validIdNumber = fc
	.tuple(
		fc.constantFrom(...'12345678'),
		chars(DIGITS, 5),
		fc.date({
			min: new Date('1900-01-01T00:00:00Z'),
			max: new Date('2020-12-31T00:00:00Z'),
			noInvalidDate: true
		}),
		chars(DIGITS, 3)
	)
	.map(([r, rest, date, seq]) =>
		makeIdNumber({
			region: r + rest,
			birth: date.toISOString().slice(0, 10).replace(/-/g, ''),
			seq
		})
	);

const validCreditCode = fc
	.tuple(chars(CREDIT_CHARSET, 2), chars(DIGITS, 6), chars(CREDIT_CHARSET, 9))
	.map(([head, region, body]) => makeCreditCode(head + region + body));

/** Every string that differs from `value` in exactly one position, using chars of `alphabet`. */
function singleSubstitutions(value: string, alphabetAt: (i: number) => string): string[] {
	const out: string[] = [];
	for (let i = 0; i < value.length; i++) {
		for (const c of alphabetAt(i)) {
			if (c !== value[i]) out.push(value.slice(0, i) + c + value.slice(i + 1));
		}
	}
	return out;
}

// ---------------------------------------------------------------- 身份证号

describe('parseIdNumber', () => {
	it('accepts the GB 11643-1999 example 11010519491231002X and reads birth date and sex', () => {
		expect(parseIdNumber('11010519491231002X')).toEqual({
			ok: true,
			value: '11010519491231002X',
			birthDate: '1949-12-31',
			sex: 'female'
		});
	});

	it('normalises a lower-case x check character to upper-case X', () => {
		const result = parseIdNumber('11010519491231002x');
		expect(result.ok && result.value).toBe('11010519491231002X');
	});

	it('trims surrounding whitespace and accepts full-width digits typed with a Chinese IME', () => {
		expect(parseIdNumber('  11010519491231002X\n').ok).toBe(true);
		expect(parseIdNumber('１１０１０５１９４９１２３１００２Ｘ').ok).toBe(true);
	});

	it('reads an odd 17th digit as male and an even one as female', () => {
		const male = parseIdNumber(makeIdNumber({ seq: '121' }));
		const female = parseIdNumber(makeIdNumber({ seq: '120' }));
		expect(male.ok && male.sex).toBe('male');
		expect(female.ok && female.sex).toBe('female');
	});

	it('asks for 18 characters when the length is wrong', () => {
		for (const input of ['1101051949123100', '110105194912310022X', '110105491231002']) {
			const result = parseIdNumber(input);
			expect(result.ok === false && result.message).toContain('18 位');
		}
		expect(parseIdNumber('   ')).toEqual({ ok: false, message: '请输入身份证号' });
	});

	it('rejects letters among the first 17 characters', () => {
		expect(parseIdNumber('1101051949123100XX').ok).toBe(false);
		expect(parseIdNumber('A1010519491231002X').ok).toBe(false);
	});

	it('rejects region codes starting with 0 or 9', () => {
		for (const region of ['010105', '910105']) {
			const result = parseIdNumber(makeIdNumber({ region }));
			expect(result.ok === false && result.message).toContain('地区码');
		}
	});

	it('rejects birth dates that are not real calendar dates (Feb 30, Feb 29 in 1900, month 13)', () => {
		for (const birth of ['19900230', '19000229', '19901301', '19900001', '19900100']) {
			const result = parseIdNumber(makeIdNumber({ birth }));
			expect(result.ok === false && result.message).toContain('出生日期');
		}
		expect(parseIdNumber(makeIdNumber({ birth: '20000229' })).ok).toBe(true);
	});

	it('rejects birth dates before 1900-01-01', () => {
		expect(parseIdNumber(makeIdNumber({ birth: '18991231' })).ok).toBe(false);
		expect(parseIdNumber(makeIdNumber({ birth: '19000101' })).ok).toBe(true);
	});

	it('rejects birth dates in the future, counting from today', () => {
		const result = parseIdNumber(makeIdNumber({ birth: '29990101' }));
		expect(result.ok === false && result.message).toContain('出生日期');
		const today = { today: '2024-06-15' };
		expect(parseIdNumber(makeIdNumber({ birth: '20240615' }), today).ok).toBe(true);
		expect(parseIdNumber(makeIdNumber({ birth: '20240616' }), today).ok).toBe(false);
	});

	it('names the last character when the check character is wrong', () => {
		expect(parseIdNumber('110105194912310021')).toEqual({
			ok: false,
			message: '身份证号校验位不正确，请核对最后一位'
		});
	});

	it('accepts every generated valid ID number with its birth date and sex', () => {
		fc.assert(
			fc.property(validIdNumber, (id) => {
				const result = parseIdNumber(id);
				expect(result.ok).toBe(true);
				if (!result.ok) return;
				expect(result.birthDate.replace(/-/g, '')).toBe(id.slice(6, 14));
				expect(result.sex).toBe(Number(id[16]) % 2 ? 'male' : 'female');
				expect(isValidIdNumber(id.toLowerCase())).toBe(true);
			})
		);
	});

	it('rejects every single-character change of a valid ID number', () => {
		fc.assert(
			fc.property(validIdNumber, (id) => {
				const variants = singleSubstitutions(id, (i) => (i === 17 ? DIGITS + 'X' : DIGITS));
				expect(variants).toHaveLength(17 * 9 + 10);
				for (const variant of variants) expect(isValidIdNumber(variant), variant).toBe(false);
			})
		);
	});

	it('refuses to compute a check character from anything but 17 digits', () => {
		expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError);
		expect(() => idNumberCheckChar('1101051949123100X')).toThrow(RangeError);
	});
});

// ---------------------------------------------------------------- 统一社会信用代码

describe('parseCreditCode', () => {
	it('accepts the GB 32100-2015 example 91350100M000100Y43', () => {
		expect(parseCreditCode('91350100M000100Y43')).toEqual({
			ok: true,
			value: '91350100M000100Y43'
		});
	});

	it('accepts the published code 91110000600037341L', () => {
		expect(isValidCreditCode('91110000600037341L')).toBe(true);
	});

	it('upper-cases and trims the input', () => {
		expect(parseCreditCode(' 91350100m000100y43 ')).toEqual({
			ok: true,
			value: '91350100M000100Y43'
		});
	});

	it('maps a remainder of 0 to check character 0 rather than 31', () => {
		expect(creditCodeCheckChar('00000000000000000')).toBe('0');
		expect(isValidCreditCode('000000000000000000')).toBe(true);
	});

	it('rejects the letters I, O, Z, S and V', () => {
		for (const letter of 'IOZSV') {
			const result = parseCreditCode(`91350100M${letter}00100Y43`);
			expect(result.ok === false && result.message).toContain('不含 I、O、Z、S、V');
		}
	});

	it('rejects letters in the region code (positions 3–8)', () => {
		const result = parseCreditCode(makeCreditCode('913501A0M000100Y4'));
		expect(result.ok === false && result.message).toContain('第 3–8 位');
	});

	it('asks for 18 characters when the length is wrong', () => {
		const result = parseCreditCode('91350100M000100Y4');
		expect(result.ok === false && result.message).toContain('18 位');
		expect(parseCreditCode('')).toEqual({ ok: false, message: '请输入统一社会信用代码' });
	});

	it('names the last character when the check character is wrong', () => {
		const result = parseCreditCode('91350100M000100Y44');
		expect(result.ok === false && result.message).toContain('校验位');
	});

	it('accepts every generated valid credit code', () => {
		fc.assert(
			fc.property(validCreditCode, (code) => {
				expect(isValidCreditCode(code)).toBe(true);
			})
		);
	});

	it('rejects every single-character change of a valid credit code', () => {
		fc.assert(
			fc.property(validCreditCode, (code) => {
				const variants = singleSubstitutions(code, () => CREDIT_CHARSET);
				expect(variants).toHaveLength(18 * 30);
				for (const variant of variants) expect(isValidCreditCode(variant), variant).toBe(false);
			})
		);
	});

	it('refuses to compute a check character from disallowed characters', () => {
		expect(() => creditCodeCheckChar('91350100MI00100Y4')).toThrow(RangeError);
		expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
	});
});

// ---------------------------------------------------------------- 手机号

describe('parseMobile', () => {
	it('accepts 11-digit numbers written with spaces, dashes or a +86 / 86 prefix', () => {
		for (const input of [
			'13812345678',
			'138 1234 5678',
			'138-1234-5678',
			'+86 138 1234 5678',
			'8613812345678'
		]) {
			expect(parseMobile(input)).toEqual({ ok: true, value: '13812345678' });
		}
	});

	it('rejects numbers that are not 1[3-9] followed by 9 digits', () => {
		for (const input of ['12812345678', '1381234567', '138123456789', '1381234567a', '']) {
			expect(parseMobile(input).ok).toBe(false);
		}
	});
});

// ---------------------------------------------------------------- masks

describe('masks', () => {
	it('shows staff the first 6 and last 4 characters of an ID number', () => {
		expect(maskIdNumber('450203199001011234', 'staff')).toBe('450203********1234');
	});

	it('shows the public only the first and last character of an ID number', () => {
		expect(maskIdNumber('45020319900101123x', 'public')).toBe('4****************X');
	});

	it('never shows the public two adjacent characters of an ID number', () => {
		fc.assert(
			fc.property(validIdNumber, (id) => {
				const masked = maskIdNumber(id, 'public');
				expect(masked).toBe(`${id[0]}${'*'.repeat(16)}${id[17]}`);
				expect(masked).not.toMatch(/[^*]{2}/);
			})
		);
	});

	it('shows staff exactly 10 characters of an ID number, each in its own place', () => {
		fc.assert(
			fc.property(validIdNumber, (id) => {
				const masked = maskIdNumber(id, 'staff');
				const shown = [...masked].filter((c, i) => c !== '*' && c === id[i]);
				expect(masked).toHaveLength(18);
				expect(masked.replace(/\*/g, '')).toHaveLength(10);
				expect(shown).toHaveLength(10);
			})
		);
	});

	it('masks malformed ID input entirely instead of guessing which part to show', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				expect(maskIdNumber(s, 'public')).not.toMatch(/[^*]{2}/);
				expect(maskIdNumber(s, 'staff').replace(/\*/g, '').length).toBeLessThanOrEqual(10);
			})
		);
		expect(maskIdNumber('45020319900101', 'staff')).toBe('**************');
	});

	it('shows the first 3 and last 4 digits of a mobile number', () => {
		expect(maskMobile('13812345678')).toBe('138****5678');
		expect(maskMobile('+86 138-1234-5678')).toBe('138****5678');
		expect(maskMobile('12345')).toBe('*****');
	});

	it('keeps only the surname of a name', () => {
		expect(maskName('张三')).toBe('张*');
		expect(maskName('李小龙')).toBe('李**');
		expect(maskName('欧阳娜娜')).toBe('欧阳**');
		expect(maskName('诸葛亮')).toBe('诸葛*');
		expect(maskName('东方')).toBe('东*');
		expect(maskName('王')).toBe('王');
		expect(maskName('𠮷祥')).toBe('𠮷*');
	});
});

// ---------------------------------------------------------------- password

describe('checkPassword', () => {
	it('requires 8 to 128 characters', () => {
		expect(checkPassword('Zx7#kq2').ok).toBe(false);
		expect(checkPassword('Zx7#kq2m').ok).toBe(true);
		expect(checkPassword('Zx7#'.repeat(32)).ok).toBe(true);
		expect(checkPassword('Zx7#'.repeat(32) + 'a').ok).toBe(false);
	});

	it('refuses common passwords, whatever their case', () => {
		const common = ['12345678', 'password', 'qwerty123', '11111111', '88888888', '123456789'];
		const chinese = ['a1234567', 'iloveyou', 'woaini1314', 'abc12345', 'PassWord', 'QWERTY123'];
		for (const password of [...common, ...chinese]) {
			expect(checkPassword(password)).toEqual({
				ok: false,
				message: '密码过于常见，请换一个更难猜的密码'
			});
		}
	});

	it('keeps a blocklist of at least 200 lower-case entries that the length rule would not already catch', () => {
		expect(commonPasswords.size).toBeGreaterThanOrEqual(200);
		for (const p of commonPasswords) {
			expect(p).toBe(p.toLowerCase());
			expect(p.length).toBeGreaterThanOrEqual(8);
		}
	});

	it('refuses passwords that contain the ID number, mobile number or username', () => {
		const idNumber = '11010519491231002X';
		const id = checkPassword('my11010519491231002x!', { idNumber });
		expect(id.ok === false && id.message).toContain('身份证号');
		const mobile = checkPassword('Pw13812345678', { mobile: '+86 138 1234 5678' });
		expect(mobile.ok === false && mobile.message).toContain('手机号');
		const username = checkPassword('xx-ZhangSan-2024', { username: 'zhangsan' });
		expect(username.ok === false && username.message).toContain('登录名');
	});

	it('ignores usernames shorter than 3 characters so they do not forbid ordinary passwords', () => {
		expect(checkPassword('ab-Tr0ub4dor', { username: 'ab' }).ok).toBe(true);
	});

	it('accepts a strong password unrelated to the person', () => {
		const context = { idNumber: '11010519491231002X', mobile: '13812345678', username: 'zhangsan' };
		expect(checkPassword('correct horse battery staple', context)).toEqual({ ok: true });
	});
});

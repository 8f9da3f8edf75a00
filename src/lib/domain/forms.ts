/**
 * Small shared validators for form fields that are not identity numbers. Messages are
 * Chinese and say what to fix.
 */
export type FieldErrors = Record<string, string>;

export function parsePersonName(
	input: string
): { ok: true; value: string } | { ok: false; message: string } {
	const value = input.trim().replace(/\s+/g, ' ');
	if (!value) return { ok: false, message: '请填写姓名' };
	if ([...value].length > 30) return { ok: false, message: '姓名不能超过 30 个字' };
	// Han (incl. extension planes), the middle dot of minority names, Latin letters for foreigners.
	if (!/^[\p{Script=Han}A-Za-z·• .-]+$/u.test(value)) {
		return { ok: false, message: '姓名只能包含汉字、字母和间隔号“·”' };
	}
	return { ok: true, value: value.replace('•', '·') };
}

export function parseOrgName(
	input: string
): { ok: true; value: string } | { ok: false; message: string } {
	const value = input.trim().replace(/\s+/g, ' ');
	if ([...value].length < 4) return { ok: false, message: '请填写单位全称（至少 4 个字）' };
	if ([...value].length > 60) return { ok: false, message: '单位名称不能超过 60 个字' };
	if (/[<>{}\\]/.test(value)) return { ok: false, message: '单位名称含有不允许的字符' };
	return { ok: true, value };
}

export function parseUsername(
	input: string
): { ok: true; value: string } | { ok: false; message: string } {
	const value = input.trim().toLowerCase();
	if (!/^[a-z][a-z0-9_.-]{3,31}$/.test(value)) {
		return { ok: false, message: '登录名为 4–32 位小写字母、数字、点、下划线或连字符，以字母开头' };
	}
	return { ok: true, value };
}

export function parseReason(
	input: string,
	what = '原因'
): { ok: true; value: string } | { ok: false; message: string } {
	const value = input.trim();
	if (value.length < 2) return { ok: false, message: `请填写${what}` };
	if (value.length > 500) return { ok: false, message: `${what}不能超过 500 字` };
	return { ok: true, value };
}

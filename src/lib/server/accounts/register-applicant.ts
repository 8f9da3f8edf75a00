import { eq, or } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { parsePersonName, type FieldErrors } from '#lib/domain/forms.js';
import { checkPassword, maskIdNumber, parseIdNumber, parseMobile } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/password.js';
import { blindIndex, encrypt } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { users, type User } from '../db/schema/index.js';
import { isUniqueViolation } from '../db/unique.js';

export interface ApplicantInput {
	name: string;
	idNumber: string;
	mobile: string;
	password: string;
	passwordConfirm: string;
}

/** Validates everything first; writes the account and its audit entry in one transaction. */
export async function registerApplicant(input: ApplicantInput): Promise<User> {
	const errors: FieldErrors = {};
	const name = parsePersonName(input.name);
	if (!name.ok) errors.name = name.message;
	const id = parseIdNumber(input.idNumber);
	if (!id.ok) errors.idNumber = id.message;
	const mobile = parseMobile(input.mobile);
	if (!mobile.ok) errors.mobile = mobile.message;
	const pw = checkPassword(input.password, {
		idNumber: id.ok ? id.value : undefined,
		mobile: mobile.ok ? mobile.value : undefined
	});
	if (!pw.ok) errors.password = pw.message;
	else if (input.password !== input.passwordConfirm)
		errors.passwordConfirm = '两次输入的密码不一致';
	if (!name.ok || !id.ok || !mobile.ok || Object.keys(errors).length)
		throw new AppError('VALIDATION', errors);

	const idHmac = blindIndex('id', id.value);
	const mobileHmac = blindIndex('mobile', mobile.value);
	const taken = await db()
		.select({ idHmac: users.idNumberHmac, mobileHmac: users.mobileHmac })
		.from(users)
		.where(or(eq(users.idNumberHmac, idHmac), eq(users.mobileHmac, mobileHmac)));
	if (taken.some((t) => t.idHmac === idHmac)) {
		throw new AppError('DUPLICATE_ID_NUMBER', { idNumber: '该身份证号已注册，请直接登录' });
	}
	if (taken.length)
		throw new AppError('VALIDATION', { mobile: '该手机号已被其他账号使用，请换一个号码' });

	const passwordHash = await hashPassword(input.password);
	try {
		return await db().transaction(async (tx) => {
			const [user] = await tx
				.insert(users)
				.values({
					kind: 'applicant',
					name: name.value,
					idNumberEnc: encrypt(id.value),
					idNumberHmac: idHmac,
					idNumberMasked: maskIdNumber(id.value, 'staff'),
					mobileEnc: encrypt(mobile.value),
					mobileHmac,
					passwordHash
				})
				.returning();
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'account.register',
				objectType: 'user',
				objectId: user.id,
				result: 'ok'
			});
			return user;
		});
	} catch (e) {
		if (isUniqueViolation(e, 'id_number'))
			throw new AppError('DUPLICATE_ID_NUMBER', { idNumber: '该身份证号已注册，请直接登录' });
		if (isUniqueViolation(e))
			throw new AppError('VALIDATION', { mobile: '该手机号已被其他账号使用，请换一个号码' });
		throw e;
	}
}

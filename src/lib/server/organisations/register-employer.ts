import { and, eq } from 'drizzle-orm';
import { isTier } from '#lib/domain/catalogue.js';
import { isUuid } from '#lib/domain/ids.js';
import { AppError } from '#lib/domain/errors.js';
import {
	parseOrgName,
	parsePersonName,
	parseUsername,
	type FieldErrors
} from '#lib/domain/forms.js';
import { checkPassword, parseCreditCode, parseMobile } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/password.js';
import { encrypt } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { files, organisations, users } from '../db/schema/index.js';
import { isUniqueViolation } from '../db/unique.js';
import { acceptUpload } from '../files/accept-upload.js';

export interface EmployerInput {
	name: string;
	creditCode: string;
	tier: string;
	supervisorId: string;
	contactName: string;
	contactMobile: string;
	username: string;
	password: string;
	passwordConfirm: string;
	licence: File | null;
}

/**
 * An employer registers itself with its business licence and stays `pending` until the city
 * office decides. Organisation, first (admin) user, licence file and audit entry are one
 * transaction: nothing is written unless everything is valid.
 */
export async function registerEmployer(
	input: EmployerInput
): Promise<{ organisationId: string; userId: string }> {
	const errors: FieldErrors = {};
	const name = parseOrgName(input.name);
	if (!name.ok) errors.name = name.message;
	const code = parseCreditCode(input.creditCode);
	if (!code.ok) errors.creditCode = code.message;
	if (!isTier(input.tier)) errors.tier = '请选择单位所属层级（市直或县区）';
	const contact = parsePersonName(input.contactName);
	if (!contact.ok) errors.contactName = '请填写联系人姓名';
	const mobile = parseMobile(input.contactMobile);
	if (!mobile.ok) errors.contactMobile = mobile.message;
	const username = parseUsername(input.username);
	if (!username.ok) errors.username = username.message;
	const pw = checkPassword(input.password, { username: username.ok ? username.value : undefined });
	if (!pw.ok) errors.password = pw.message;
	else if (input.password !== input.passwordConfirm)
		errors.passwordConfirm = '两次输入的密码不一致';
	let supervisorOk = false;
	if (isUuid(input.supervisorId)) {
		const [sup] = await db()
			.select({ id: organisations.id })
			.from(organisations)
			.where(
				and(
					eq(organisations.id, input.supervisorId),
					eq(organisations.type, 'supervisor'),
					eq(organisations.status, 'active')
				)
			);
		supervisorOk = !!sup;
	}
	if (!supervisorOk) errors.supervisorId = '请选择单位的主管部门';
	const licence = await acceptUpload(input.licence, 'licence').catch((e: unknown) => {
		if (e instanceof AppError) Object.assign(errors, e.fields);
		else throw e;
		return null;
	});
	if (
		!name.ok ||
		!code.ok ||
		!mobile.ok ||
		!username.ok ||
		!licence ||
		Object.keys(errors).length
	) {
		throw new AppError('VALIDATION', errors);
	}

	const [dup] = await db()
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.creditCode, code.value));
	if (dup)
		throw new AppError('DUPLICATE_CREDIT_CODE', {
			creditCode: '该统一社会信用代码已注册，请直接登录'
		});
	const [dupUser] = await db()
		.select({ id: users.id })
		.from(users)
		.where(eq(users.username, username.value));
	if (dupUser) throw new AppError('DUPLICATE_USERNAME', { username: '该登录名已被使用，请换一个' });

	const passwordHash = await hashPassword(input.password);
	try {
		return await db().transaction(async (tx) => {
			const [file] = await tx
				.insert(files)
				.values({
					purpose: 'licence',
					mime: licence.mime,
					size: licence.size,
					sha256: licence.sha256,
					data: licence.bytes
				})
				.returning({ id: files.id });
			const [org] = await tx
				.insert(organisations)
				.values({
					type: 'employer',
					name: name.value,
					creditCode: code.value,
					tier: input.tier,
					supervisorId: input.supervisorId,
					status: 'pending',
					contactName: contact.ok ? contact.value : null,
					contactMobileEnc: encrypt(mobile.value),
					licenceFileId: file.id
				})
				.returning({ id: organisations.id });
			const [user] = await tx
				.insert(users)
				.values({
					kind: 'staff',
					username: username.value,
					name: contact.ok ? contact.value : name.value,
					passwordHash,
					organisationId: org.id,
					role: 'admin'
				})
				.returning({ id: users.id });
			await tx.update(files).set({ ownerUserId: user.id }).where(eq(files.id, file.id));
			await recordAudit(tx, {
				actorUserId: user.id,
				actorOrgId: org.id,
				action: 'organisation.register',
				objectType: 'organisation',
				objectId: org.id,
				result: 'ok'
			});
			return { organisationId: org.id, userId: user.id };
		});
	} catch (e) {
		if (isUniqueViolation(e, 'credit_code'))
			throw new AppError('DUPLICATE_CREDIT_CODE', {
				creditCode: '该统一社会信用代码已注册，请直接登录'
			});
		if (isUniqueViolation(e, 'username'))
			throw new AppError('DUPLICATE_USERNAME', { username: '该登录名已被使用，请换一个' });
		throw e;
	}
}

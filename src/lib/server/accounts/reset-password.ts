import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { checkPassword } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/password.js';
import { invalidateUserSessions } from '../auth/session.js';
import { checkCode, useCode } from '../auth/sms-code.js';
import { signInFailures } from '../auth/throttle.js';
import { now } from '../clock.js';
import { decrypt } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { users } from '../db/schema/index.js';
import { kickSms } from '../jobs/sms-jobs.js';
import { enqueueSms } from '../sms/enqueue-sms.js';

/**
 * Step 2 of password recovery: the code from the SMS and a new password (the usual rules).
 * In one transaction: the new hash, the code used up, every session of the account ended, the
 * lock lifted, an audit entry and an SMS saying the password changed. A code for an unknown
 * number can never succeed: it answers like a wrong code.
 */
export async function resetPassword(input: {
	ticket: string;
	code: string;
	password: string;
	confirm: string;
}): Promise<void> {
	const code = await checkCode({
		ticket: input.ticket,
		code: input.code,
		purpose: 'passwordReset'
	});
	const [user] = code.userId
		? await db()
				.select()
				.from(users)
				.where(and(eq(users.id, code.userId), isNull(users.disabledAt)))
		: [];
	if (!user) throw new AppError('SMS_CODE_WRONG', { code: '验证码不正确' });
	const mobile = user.mobileEnc ? decrypt(user.mobileEnc) : undefined;
	const pw = checkPassword(input.password, {
		idNumber: user.idNumberEnc ? decrypt(user.idNumberEnc) : undefined,
		mobile,
		username: user.username ?? undefined
	});
	if (!pw.ok) throw new AppError('VALIDATION', { password: pw.message });
	if (input.password !== input.confirm)
		throw new AppError('VALIDATION', { passwordConfirm: '两次输入的密码不一致' });
	const passwordHash = await hashPassword(input.password);
	const messageId = await db().transaction(async (tx) => {
		if (!(await useCode(tx, code.id))) throw new AppError('SMS_CODE_EXPIRED');
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: now(), failedSignIns: 0, lockedUntil: null })
			.where(eq(users.id, user.id));
		await invalidateUserSessions(user.id, tx);
		await recordAudit(tx, {
			actorUserId: user.id,
			actorOrgId: user.organisationId,
			action: 'account.resetPassword',
			objectType: 'user',
			objectId: user.id,
			result: 'ok',
			detail: { via: 'sms' }
		});
		return mobile
			? enqueueSms(tx, { kind: 'passwordChanged', phone: mobile, userId: user.id })
			: null;
	});
	// The sign-in lock of that number ends with the new password.
	if (mobile) await signInFailures.clear(signInFailures.key(`mobile:${mobile}`));
	void kickSms([messageId]);
}

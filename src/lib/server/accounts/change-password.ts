import { eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { checkPassword } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { invalidateUserSessions } from '../auth/session.js';
import { now } from '../clock.js';
import { decrypt } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { users, type User } from '../db/schema/index.js';

/** A password change ends every session of the account, including the current one. */
export async function changePassword(
	user: User,
	input: { current: string; next: string; confirm: string }
): Promise<void> {
	if (!(await verifyPassword(user.passwordHash, input.current))) {
		throw new AppError('VALIDATION', { current: '当前密码不正确' });
	}
	const pw = checkPassword(input.next, {
		idNumber: user.idNumberEnc ? decrypt(user.idNumberEnc) : undefined,
		mobile: user.mobileEnc ? decrypt(user.mobileEnc) : undefined,
		username: user.username ?? undefined
	});
	if (!pw.ok) throw new AppError('VALIDATION', { next: pw.message });
	if (input.next !== input.confirm)
		throw new AppError('VALIDATION', { confirm: '两次输入的密码不一致' });
	const passwordHash = await hashPassword(input.next);
	await db().transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: now() })
			.where(eq(users.id, user.id));
		await invalidateUserSessions(user.id, tx);
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'account.changePassword',
			objectType: 'user',
			objectId: user.id,
			result: 'ok'
		});
	});
}

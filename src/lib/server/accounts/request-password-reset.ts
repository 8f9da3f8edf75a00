import { eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { parseMobile } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { issueCode, limitCodeRequests } from '../auth/sms-code.js';
import { blindIndex } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { users } from '../db/schema/index.js';
import { kickSms } from '../jobs/sms-jobs.js';
import { enqueueNothing, enqueueSms } from '../sms/enqueue-sms.js';

/**
 * Step 1 of password recovery: a 6-digit code by SMS to the account's mobile. The answer and
 * the work are the same whether or not the number belongs to an account (and whether that
 * account is disabled): the same limits counted, a code row, an outbox row, an audit entry —
 * only the outbox row of an unknown number is never sent. Works for applicants and for staff
 * whose account has that mobile number.
 */
export async function requestPasswordReset(input: {
	mobile: string;
	ip: string;
}): Promise<{ ticket: string }> {
	const mobile = parseMobile(input.mobile);
	if (!mobile.ok) throw new AppError('VALIDATION', { mobile: mobile.message });
	await limitCodeRequests(mobile.value, input.ip);
	const [user] = await db()
		.select({ id: users.id, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.mobileHmac, blindIndex('mobile', mobile.value)))
		.limit(1);
	const account = user && !user.disabledAt ? user.id : null;
	const { ticket, messageId } = await db().transaction(async (tx) => {
		const issued = await issueCode(tx, {
			purpose: 'passwordReset',
			mobile: mobile.value,
			userId: account
		});
		let messageId: string | null = null;
		if (account)
			messageId = await enqueueSms(tx, {
				kind: 'verificationCode',
				phone: mobile.value,
				params: { code: issued.code },
				userId: account
			});
		else await enqueueNothing(tx, 'verificationCode');
		await recordAudit(tx, {
			actorUserId: account,
			action: 'account.requestPasswordReset',
			objectType: 'user',
			objectId: account,
			result: account ? 'ok' : 'failed',
			detail: account ? {} : { reason: 'unknown' }
		});
		return { ticket: issued.ticket, messageId };
	});
	// Not awaited: the answer must not wait for (or be timed by) the queue.
	void kickSms([messageId]);
	return { ticket };
}

import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import { now } from '../clock.js';
import { deriveKey } from '../crypto/master-key.js';
import { blindIndex } from '../crypto/pii.js';
import { db, type Tx } from '../db/index.js';
import { smsCodes, type SmsCode } from '../db/schema/index.js';
import { hit, hitKey, limits } from './throttle.js';

/** A code is valid for 5 minutes and for 5 wrong tries at most. */
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_TRIES = 5;

export type CodePurpose = SmsCode['purpose'];

let key: Buffer | undefined;
function codeHash(ticket: string, code: string): string {
	key ??= deriveKey('sms-code');
	return createHmac('sha256', key).update(`${ticket}:${code}`).digest('base64url');
}

/**
 * The limits on sending codes, counted the same for every number whether or not an account
 * has it: the IP's daily cap, one per number and minute, the number's daily cap.
 */
export async function limitCodeRequests(mobile: string, ip: string): Promise<void> {
	if (!(await hit('sms-code-ip', ip, limits.smsCodePerIpDay)))
		throw new AppError('SMS_DAILY_LIMIT');
	const subject = blindIndex('mobile', mobile);
	if (!(await hitKey(`sms-code-min:${subject}`, limits.smsCodePerNumber)))
		throw new AppError('SMS_CODE_TOO_SOON');
	if (!(await hitKey(`sms-code-day:${subject}`, limits.smsCodePerNumberDay)))
		throw new AppError('SMS_DAILY_LIMIT');
}

/**
 * A fresh 6-digit code for `mobile`; only its keyed hash is stored. The row's id is the
 * ticket the browser carries to the second step. `userId` null: a code that can never be used
 * (an unknown number), written all the same.
 */
export async function issueCode(
	tx: Tx,
	input: { purpose: CodePurpose; mobile: string; userId: string | null }
): Promise<{ ticket: string; code: string }> {
	const ticket = crypto.randomUUID();
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const at = now();
	await tx.insert(smsCodes).values({
		id: ticket,
		purpose: input.purpose,
		phoneHmac: blindIndex('mobile', input.mobile),
		userId: input.userId,
		codeHash: codeHash(ticket, code),
		expiresAt: new Date(at.getTime() + CODE_TTL_MS),
		createdAt: at
	});
	return { ticket, code };
}

/**
 * Checks a code against its ticket and counts a wrong try (the fifth ends the code). Answers the
 * row; the caller marks it used (`useCode`) in the transaction that acts on it. `mobile`, when
 * given, must be the number the code was sent to.
 */
export async function checkCode(input: {
	ticket: string;
	code: string;
	purpose: CodePurpose;
	mobile?: string;
}): Promise<SmsCode> {
	const code = input.code.replace(/\s+/g, '');
	if (!isUuid(input.ticket)) throw new AppError('SMS_CODE_EXPIRED');
	const [row] = await db().select().from(smsCodes).where(eq(smsCodes.id, input.ticket));
	const usable =
		row &&
		row.purpose === input.purpose &&
		row.usedAt === null &&
		row.attempts < CODE_MAX_TRIES &&
		row.expiresAt > now() &&
		(input.mobile === undefined || row.phoneHmac === blindIndex('mobile', input.mobile));
	if (!usable) throw new AppError('SMS_CODE_EXPIRED');
	const expected = Buffer.from(row.codeHash);
	const given = Buffer.from(codeHash(row.id, code));
	if (/^\d{6}$/.test(code) && expected.length === given.length && timingSafeEqual(expected, given))
		return row;
	const [counted] = await db()
		.update(smsCodes)
		.set({ attempts: sql`${smsCodes.attempts} + 1` })
		.where(eq(smsCodes.id, row.id))
		.returning({ attempts: smsCodes.attempts });
	const left = CODE_MAX_TRIES - (counted?.attempts ?? CODE_MAX_TRIES);
	if (left <= 0) throw new AppError('SMS_CODE_EXPIRED');
	throw new AppError('SMS_CODE_WRONG', { code: `验证码不正确，还可以再试 ${left} 次` });
}

/** Marks the code used inside the caller's transaction; false when someone used it first. */
export async function useCode(tx: Tx, ticket: string): Promise<boolean> {
	const done = await tx
		.update(smsCodes)
		.set({ usedAt: now() })
		.where(and(eq(smsCodes.id, ticket), isNull(smsCodes.usedAt)))
		.returning({ usedAt: smsCodes.usedAt });
	return done.length === 1;
}

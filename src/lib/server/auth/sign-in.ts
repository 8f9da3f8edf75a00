import { eq, or } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { parseIdNumber, parseMobile } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { now } from '../clock.js';
import { blindIndex } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { users, type Session, type User } from '../db/schema/index.js';
import { legacyScheme } from '../legacy/legacy-hash.js';
import { burnVerification, hashPassword, verifyPassword } from './password.js';
import { createSession, generateSessionToken } from './session.js';
import { hit, limits } from './throttle.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

/** Finds an account by username, 身份证号 or mobile number (via their blind indexes). */
export async function findAccount(identifier: string): Promise<User | undefined> {
	const trimmed = identifier.trim();
	const conditions = [eq(users.username, trimmed)];
	const id = parseIdNumber(trimmed);
	if (id.ok) conditions.push(eq(users.idNumberHmac, blindIndex('id', id.value)));
	const mobile = parseMobile(trimmed);
	if (mobile.ok) conditions.push(eq(users.mobileHmac, blindIndex('mobile', mobile.value)));
	const [user] = await db()
		.select()
		.from(users)
		.where(or(...conditions))
		.limit(1);
	return user;
}

export interface SignInResult {
	token: string;
	session: Session;
	user: User;
}

/**
 * Checks credentials. Unknown accounts, wrong passwords and disabled accounts all answer
 * INVALID_CREDENTIALS after the same argon2 work; the fifth failure in a row locks the
 * account for 15 minutes. A successful sign-in always creates a new session (rotation).
 */
export async function signIn(input: {
	identifier: string;
	password: string;
	ip: string;
}): Promise<SignInResult> {
	if (!(await hit('sign-in', input.ip, limits.signInPerIp))) throw new AppError('RATE_LIMITED');
	const user = await findAccount(input.identifier);
	const at = now();
	if (!user) {
		await burnVerification(input.password);
		await recordAudit(db(), {
			action: 'auth.signIn',
			result: 'failed',
			detail: { reason: 'unknown' }
		});
		throw new AppError('INVALID_CREDENTIALS');
	}
	if (user.lockedUntil && user.lockedUntil > at) {
		await recordAudit(db(), {
			actorUserId: user.id,
			action: 'auth.signIn',
			result: 'denied',
			detail: { reason: 'locked' }
		});
		throw new AppError('ACCOUNT_LOCKED');
	}
	const good = await verifyPassword(user.passwordHash, input.password);
	if (!good || user.disabledAt) {
		const failures = user.lockedUntil ? 1 : user.failedSignIns + 1;
		const lock = good ? null : failures >= MAX_FAILURES ? new Date(at.getTime() + LOCK_MS) : null;
		await db().transaction(async (tx) => {
			await tx
				.update(users)
				.set({ failedSignIns: lock ? 0 : failures, lockedUntil: lock })
				.where(eq(users.id, user.id));
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'auth.signIn',
				result: 'failed',
				detail: { reason: user.disabledAt ? 'disabled' : 'password', locked: lock !== null }
			});
		});
		if (lock) throw new AppError('ACCOUNT_LOCKED');
		throw new AppError('INVALID_CREDENTIALS');
	}
	const token = generateSessionToken();
	// A legacy hash (bcrypt/PBKDF2 from the earlier platform) is replaced by argon2id now.
	const legacy = legacyScheme(user.passwordHash);
	const rehashed = legacy ? await hashPassword(input.password) : null;
	const session = await db().transaction(async (tx) => {
		await tx
			.update(users)
			.set({
				failedSignIns: 0,
				lockedUntil: null,
				lastSignInAt: at,
				...(rehashed ? { passwordHash: rehashed } : {})
			})
			.where(eq(users.id, user.id));
		await recordAudit(tx, {
			actorUserId: user.id,
			actorOrgId: user.organisationId,
			action: 'auth.signIn',
			result: 'ok',
			...(legacy ? { detail: { rehashedFrom: legacy } } : {})
		});
		return createSession(token, user, tx);
	});
	return { token, session, user };
}

export { hashPassword };

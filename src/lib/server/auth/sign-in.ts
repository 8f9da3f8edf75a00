import { eq, or } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { parseIdNumber, parseMobile } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { now } from '../clock.js';
import { blindIndex } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { users, type Session, type User } from '../db/schema/index.js';
import { legacyScheme } from './legacy-hash.js';
import { burnVerification, hashPassword, verifyPassword } from './password.js';
import { createSession, generateSessionToken } from './session.js';
import { hit, limits, signInFailures } from './throttle.js';

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

/** The identifier as the failure counter knows it: ID numbers and mobiles in canonical form. */
function normalisedIdentifier(identifier: string): string {
	const trimmed = identifier.trim();
	const id = parseIdNumber(trimmed);
	if (id.ok) return `id:${id.value}`;
	const mobile = parseMobile(trimmed);
	if (mobile.ok) return `mobile:${mobile.value}`;
	return `name:${trimmed.toLowerCase()}`;
}

/**
 * Checks credentials. Unknown accounts, wrong passwords and disabled accounts all answer
 * INVALID_CREDENTIALS after the same argon2 work and the same writes (a failure counted against
 * the identifier, an audit entry). The fifth failure in a row for an identifier — known or not —
 * locks it for 15 minutes; a locked identifier answers ACCOUNT_LOCKED, again after the same
 * argon2 work, so neither status, body nor timing tells whether an account exists. A successful
 * sign-in always creates a new session (rotation).
 */
export async function signIn(input: {
	identifier: string;
	password: string;
	ip: string;
}): Promise<SignInResult> {
	if (!(await hit('sign-in', input.ip, limits.signInPerIp))) throw new AppError('RATE_LIMITED');
	const failureKey = signInFailures.key(normalisedIdentifier(input.identifier));
	const user = await findAccount(input.identifier);
	const at = now();
	const locked =
		(await signInFailures.lockedUntil(failureKey, MAX_FAILURES)) ??
		(user?.lockedUntil && user.lockedUntil > at ? user.lockedUntil : null);
	if (locked) {
		await burnVerification(input.password);
		await recordAudit(db(), {
			actorUserId: user?.id ?? null,
			action: 'auth.signIn',
			result: 'denied',
			detail: { reason: 'locked' }
		});
		throw new AppError('ACCOUNT_LOCKED');
	}
	const good = user
		? await verifyPassword(user.passwordHash, input.password)
		: (await burnVerification(input.password), false);
	if (!user || !good || user.disabledAt) {
		const failures = await signInFailures.record(failureKey, {
			max: MAX_FAILURES,
			windowMs: LOCK_MS
		});
		const lock = good ? null : failures >= MAX_FAILURES ? new Date(at.getTime() + LOCK_MS) : null;
		if (lock) await signInFailures.lock(failureKey, lock);
		await db().transaction(async (tx) => {
			if (user)
				await tx
					.update(users)
					.set({ failedSignIns: lock ? 0 : Math.min(failures, MAX_FAILURES), lockedUntil: lock })
					.where(eq(users.id, user.id));
			await recordAudit(tx, {
				actorUserId: user?.id ?? null,
				action: 'auth.signIn',
				result: 'failed',
				detail: {
					reason: !user ? 'unknown' : user.disabledAt ? 'disabled' : 'password',
					locked: lock !== null
				}
			});
		});
		if (lock) throw new AppError('ACCOUNT_LOCKED');
		throw new AppError('INVALID_CREDENTIALS');
	}
	await signInFailures.clear(failureKey);
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

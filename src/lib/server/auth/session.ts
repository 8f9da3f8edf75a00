import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { now } from '../clock.js';
import { db, type Tx } from '../db/index.js';
import { sessions, users, type Session, type User } from '../db/schema/index.js';

/**
 * Sessions as in the Lucia guide: a 160-bit random token goes to the browser, only its
 * SHA-256 is stored. Staff sessions end after 30 idle minutes and at most 12 hours;
 * applicant sessions slide for 14 days.
 */
const MINUTE = 60_000;
export const policy = {
	staff: { idle: 30 * MINUTE, absolute: 12 * 60 * MINUTE, refreshAfter: MINUTE },
	applicant: { idle: 14 * 24 * 60 * MINUTE, absolute: Infinity, refreshAfter: 60 * MINUTE }
} as const;

/**
 * `renewed`: the expiry moved, so the cookie must be sent again. Otherwise nothing is sent: a
 * response that was already under way when its session was signed out must not put the
 * cookie back in the browser.
 */
export type SessionValidation =
	| { session: Session; user: User; renewed: boolean }
	| { session: null; user: null; renewed?: undefined };

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function expiryFor(kind: User['kind'], createdAt: Date, at: Date): Date {
	const p = policy[kind];
	return new Date(Math.min(at.getTime() + p.idle, createdAt.getTime() + p.absolute));
}

export async function createSession(
	token: string,
	user: Pick<User, 'id' | 'kind'>,
	tx: Tx = db()
): Promise<Session> {
	const at = now();
	const session: Session = {
		id: sessionIdOf(token),
		userId: user.id,
		createdAt: at,
		expiresAt: expiryFor(user.kind, at, at)
	};
	await tx.insert(sessions).values(session);
	return session;
}

export async function validateSessionToken(token: string): Promise<SessionValidation> {
	const id = sessionIdOf(token);
	const [row] = await db()
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	const at = now();
	const stale =
		at >= session.expiresAt ||
		user.disabledAt !== null ||
		(user.passwordChangedAt !== null && session.createdAt < user.passwordChangedAt);
	if (stale) {
		await db().delete(sessions).where(eq(sessions.id, id));
		return { session: null, user: null };
	}
	const next = expiryFor(user.kind, session.createdAt, at);
	if (next.getTime() - session.expiresAt.getTime() >= policy[user.kind].refreshAfter) {
		session.expiresAt = next;
		await db().update(sessions).set({ expiresAt: next }).where(eq(sessions.id, id));
		return { session, user, renewed: true };
	}
	return { session, user, renewed: false };
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await db().delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(userId: string, tx: Tx = db()): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.userId, userId));
}

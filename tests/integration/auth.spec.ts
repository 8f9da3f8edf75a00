import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { registerApplicant } from '../../src/lib/server/accounts/register-applicant.js';
import { changePassword } from '../../src/lib/server/accounts/change-password.js';
import { disableUser } from '../../src/lib/server/accounts/disable-user.js';
import { LOCK_MS, signIn } from '../../src/lib/server/auth/sign-in.js';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	policy,
	sessionIdOf,
	validateSessionToken
} from '../../src/lib/server/auth/session.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { auditLog, sessions, users } from '../../src/lib/server/db/schema/index.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg, validIdNumber, validMobile, PASSWORD } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let clock = new Date('2026-11-25T08:00:00Z');
beforeAll(async () => {
	handle = await freshDatabase();
});
afterAll(async () => {
	setClock(undefined);
	await handle.drop();
});
beforeEach(() => {
	clock = new Date('2026-11-25T08:00:00Z');
	setClock(() => new Date(clock));
});
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

async function applicant(password = PASSWORD) {
	const idNumber = validIdNumber();
	const mobile = validMobile();
	const user = await registerApplicant({
		name: '韦丽琰',
		idNumber,
		mobile,
		password,
		passwordConfirm: password
	});
	return { user, idNumber, mobile };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected an AppError');
}

describe(`sign-in and sessions (${backend})`, () => {
	it('signs in with the ID number, lower-case x and mobile alike, storing only the token hash', async () => {
		const { idNumber, mobile } = await applicant();
		const a = await signIn({ identifier: idNumber, password: PASSWORD, ip: '10.0.0.1' });
		const b = await signIn({ identifier: ` ${mobile} `, password: PASSWORD, ip: '10.0.0.1' });
		expect(a.user.id).toBe(b.user.id);
		expect(a.token).not.toBe(b.token);
		expect(a.token.length).toBeGreaterThanOrEqual(26); // 160 bits in base32
		const stored = await db().select().from(sessions).where(eq(sessions.userId, a.user.id));
		expect(stored.map((s) => s.id)).toContain(sessionIdOf(a.token));
		expect(stored.some((s) => s.id === a.token)).toBe(false);
	});

	it('answers an unknown account exactly like a wrong password', async () => {
		const { idNumber } = await applicant();
		const unknown = await errorOf(
			signIn({ identifier: validIdNumber(), password: PASSWORD, ip: '10.0.0.2' })
		);
		const wrong = await errorOf(
			signIn({ identifier: idNumber, password: 'Wrong-Password-1', ip: '10.0.0.2' })
		);
		expect(unknown.code).toBe('INVALID_CREDENTIALS');
		expect(wrong.code).toBe(unknown.code);
		expect(wrong.message).toBe(unknown.message);
	});

	it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
		const { idNumber } = await applicant();
		for (let i = 0; i < 4; i++) {
			expect(
				(await errorOf(signIn({ identifier: idNumber, password: 'nope-nope-1', ip: '10.0.0.3' })))
					.code
			).toBe('INVALID_CREDENTIALS');
		}
		expect(
			(await errorOf(signIn({ identifier: idNumber, password: 'nope-nope-1', ip: '10.0.0.3' })))
				.code
		).toBe('ACCOUNT_LOCKED');
		expect(
			(await errorOf(signIn({ identifier: idNumber, password: PASSWORD, ip: '10.0.0.3' }))).code
		).toBe('ACCOUNT_LOCKED');
		advance(LOCK_MS - 1000);
		expect(
			(await errorOf(signIn({ identifier: idNumber, password: PASSWORD, ip: '10.0.0.3' }))).code
		).toBe('ACCOUNT_LOCKED');
		advance(2000);
		const ok = await signIn({ identifier: idNumber, password: PASSWORD, ip: '10.0.0.3' });
		expect(ok.user.failedSignIns).toBe(0);
	});

	it('an unknown identifier locks after 5 failures exactly like a real account: same status, body and work', async () => {
		const { idNumber } = await applicant();
		const stranger = validIdNumber();
		const fail = (identifier: string, ip: string) =>
			errorOf(signIn({ identifier, password: 'nope-nope-1', ip }));
		const known: AppError[] = [];
		const unknown: AppError[] = [];
		for (let i = 0; i < 6; i++) {
			known.push(await fail(idNumber, '10.1.0.1'));
			unknown.push(await fail(stranger, '10.1.0.2'));
		}
		const answer = (e: AppError) => [e.code, e.status, e.message];
		expect(known.map(answer)).toEqual(unknown.map(answer));
		expect(unknown.map((e) => e.code)).toEqual([
			...Array(4).fill('INVALID_CREDENTIALS'),
			'ACCOUNT_LOCKED',
			'ACCOUNT_LOCKED'
		]);
		expect(unknown[5].status).toBe(423);

		// The same argon2 work in every case: a fresh unknown identifier, a wrong password, a
		// locked real account and a locked unknown one take alike (medians within 2×).
		const median = async (run: (i: number) => Promise<unknown>) => {
			const times: number[] = [];
			for (let i = 0; i < 5; i++) {
				const t0 = performance.now();
				await run(i).catch(() => {});
				times.push(performance.now() - t0);
			}
			return times.sort((a, b) => a - b)[2];
		};
		const other = await applicant();
		const cases = {
			unknown: await median((i) => fail(validIdNumber(), `10.2.${i}.1`)),
			wrongPassword: await median((i) => fail(other.idNumber, `10.3.${i}.1`)),
			lockedKnown: await median((i) => fail(idNumber, `10.4.${i}.1`)),
			lockedUnknown: await median((i) => fail(stranger, `10.5.${i}.1`))
		};
		for (const [name, ms] of Object.entries(cases)) {
			expect(ms / cases.unknown, name).toBeGreaterThan(0.5);
			expect(ms / cases.unknown, name).toBeLessThan(2);
		}
	});

	it('throttles sign-in attempts per IP', async () => {
		const { idNumber } = await applicant();
		let limited = false;
		for (let i = 0; i < 40 && !limited; i++) {
			const e = await errorOf(signIn({ identifier: `nobody${i}`, password: 'x', ip: '10.9.9.9' }));
			limited = e.code === 'RATE_LIMITED';
		}
		expect(limited).toBe(true);
		// Another IP is not affected.
		await expect(
			signIn({ identifier: idNumber, password: PASSWORD, ip: '10.9.9.8' })
		).resolves.toHaveProperty('token');
	});

	it('slides an applicant session for 14 days', async () => {
		const { user } = await applicant();
		const token = generateSessionToken();
		await createSession(token, user);
		advance(13 * 24 * 3600_000);
		expect((await validateSessionToken(token)).user?.id).toBe(user.id);
		advance(13 * 24 * 3600_000);
		expect((await validateSessionToken(token)).user?.id).toBe(user.id);
		advance(policy.applicant.idle + 1);
		expect((await validateSessionToken(token)).session).toBeNull();
	});

	it('ends a staff session after 30 idle minutes and after 12 hours at most', async () => {
		const { user } = await makeOrg('countyOffice');
		const idle = generateSessionToken();
		await createSession(idle, user);
		advance(29 * 60_000);
		expect((await validateSessionToken(idle)).session).not.toBeNull();
		advance(31 * 60_000);
		expect((await validateSessionToken(idle)).session).toBeNull();

		const busy = generateSessionToken();
		await createSession(busy, user);
		for (let h = 0; h < 12 * 4; h++) {
			advance(15 * 60_000);
			const v = await validateSessionToken(busy);
			if (h < 12 * 4 - 1) expect(v.session).not.toBeNull();
			else expect(v.session).toBeNull();
		}
	});

	it('sign-out kills the session', async () => {
		const { idNumber } = await applicant();
		const { token, session } = await signIn({
			identifier: idNumber,
			password: PASSWORD,
			ip: '10.0.0.4'
		});
		await invalidateSession(session.id);
		expect((await validateSessionToken(token)).session).toBeNull();
	});

	it('a password change and disabling the account kill every session', async () => {
		const { user, idNumber } = await applicant();
		const s1 = await signIn({ identifier: idNumber, password: PASSWORD, ip: '10.0.0.5' });
		await changePassword(s1.user, {
			current: PASSWORD,
			next: 'Another-Good-Pass-7',
			confirm: 'Another-Good-Pass-7'
		});
		expect((await validateSessionToken(s1.token)).session).toBeNull();
		const s2 = await signIn({
			identifier: idNumber,
			password: 'Another-Good-Pass-7',
			ip: '10.0.0.5'
		});
		const city = await makeOrg('cityOffice');
		await disableUser(city.actor, user.id);
		expect((await validateSessionToken(s2.token)).session).toBeNull();
		expect(
			(
				await errorOf(
					signIn({ identifier: idNumber, password: 'Another-Good-Pass-7', ip: '10.0.0.5' })
				)
			).code
		).toBe('INVALID_CREDENTIALS');
	});

	it('records sign-ins in the audit log without the ID number', async () => {
		const { idNumber, user } = await applicant();
		await signIn({ identifier: idNumber, password: PASSWORD, ip: '10.0.0.6' });
		const rows = await db().select().from(auditLog).where(eq(auditLog.actorUserId, user.id));
		expect(rows.map((r) => r.action)).toContain('auth.signIn');
		expect(JSON.stringify(rows)).not.toContain(idNumber);
		const [stored] = await db().select().from(users).where(eq(users.id, user.id));
		expect(JSON.stringify(stored)).not.toContain(idNumber.slice(6, 14));
	});
});

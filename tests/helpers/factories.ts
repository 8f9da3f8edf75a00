import { creditCodeCheckChar, idNumberCheckChar } from '../../src/lib/domain/identity.js';
import type { Actor, OrgType } from '../../src/lib/domain/policy.js';
import { actorOf } from '../../src/lib/server/auth/actor.js';
import { hashPassword } from '../../src/lib/server/auth/password.js';
import { db } from '../../src/lib/server/db/index.js';
import { organisations, users, type User } from '../../src/lib/server/db/schema/index.js';

let counter = 0;
const next = () => ++counter;

export function validIdNumber(seq = next()): string {
	const body = `450202${1970 + (seq % 40)}0${1 + (seq % 9)}1${seq % 10}${String(seq % 1000).padStart(3, '0')}`;
	return body + idNumberCheckChar(body);
}

export function validCreditCode(seq = next()): string {
	const body = `91450200MA5T${String(seq).padStart(5, '0')}`;
	return body + creditCodeCheckChar(body);
}

export function validMobile(seq = next()): string {
	return `139${String(10000000 + seq).slice(-8)}`;
}

let cachedHash: Promise<string> | undefined;
export const PASSWORD = 'Correct-Horse-9';
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));

/** An organisation of any type with one staff user; returns both and the policy actor. */
export async function makeOrg(
	type: OrgType,
	opts: {
		status?: 'pending' | 'active' | 'rejected';
		tier?: string;
		role?: 'admin' | 'reviewer';
		supervisorId?: string;
	} = {}
): Promise<{ orgId: string; user: User; actor: Actor }> {
	const n = next();
	const [org] = await db()
		.insert(organisations)
		.values({
			type,
			name: `测试机构${n}号`,
			tier: opts.tier ?? (type === 'employer' || type === 'countyOffice' ? 'liujiang' : 'city'),
			series: type === 'seriesOffice' || type === 'committee' ? 'engineering' : null,
			creditCode: type === 'employer' ? validCreditCode(n) : null,
			supervisorId: opts.supervisorId ?? null,
			status: opts.status ?? 'active'
		})
		.returning();
	const [user] = await db()
		.insert(users)
		.values({
			kind: 'staff',
			username: `user${n}`,
			name: '测试员',
			passwordHash: await passwordHash(),
			organisationId: org.id,
			role: opts.role ?? 'admin'
		})
		.returning();
	return { orgId: org.id, user, actor: await actorOf(user) };
}

export function tinyPng(): Promise<Uint8Array> {
	return import('sharp').then(
		async ({ default: sharp }) =>
			new Uint8Array(
				await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
					.png()
					.withMetadata({ exif: { IFD0: { Copyright: 'secret-gps-marker' } } })
					.toBuffer()
			)
	);
}

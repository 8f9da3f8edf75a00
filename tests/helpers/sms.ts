import { desc, eq } from 'drizzle-orm';
import { maskIdNumber } from '../../src/lib/domain/identity.js';
import { hashPassword } from '../../src/lib/server/auth/password.js';
import { blindIndex, encrypt } from '../../src/lib/server/crypto/pii.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	smsDemoOutbox,
	smsMessages,
	users,
	type User
} from '../../src/lib/server/db/schema/index.js';
import { demoProvider } from '../../src/lib/server/sms/demo.js';
import { deliverSms } from '../../src/lib/server/sms/deliver-sms.js';
import { validIdNumber, validMobile, PASSWORD } from './factories.js';

let cachedHash: Promise<string> | undefined;

/** An applicant with a (verified) mobile number, written directly. */
export async function makeApplicant(
	opts: { mobile?: string; smsOptOut?: boolean } = {}
): Promise<{ user: User; mobile: string }> {
	const mobile = opts.mobile ?? validMobile();
	const id = validIdNumber();
	const [user] = await db()
		.insert(users)
		.values({
			kind: 'applicant',
			name: '测试申请人',
			idNumberEnc: encrypt(id),
			idNumberHmac: blindIndex('id', id),
			idNumberMasked: maskIdNumber(id, 'staff'),
			mobileEnc: encrypt(mobile),
			mobileHmac: blindIndex('mobile', mobile),
			passwordHash: await (cachedHash ??= hashPassword(PASSWORD)),
			smsOptOut: opts.smsOptOut ?? false
		})
		.returning();
	return { user, mobile };
}

/** Runs the job's work for every queued message (demo provider): what the worker would do. */
export async function deliverQueued(): Promise<number> {
	const queued = await db()
		.select({ id: smsMessages.id })
		.from(smsMessages)
		.where(eq(smsMessages.status, 'queued'));
	for (const m of queued) await deliverSms(m.id, demoProvider);
	return queued.length;
}

/** The newest demo-outbox message, delivered first. */
export async function lastOutboxText(): Promise<string | undefined> {
	await deliverQueued();
	const [row] = await db()
		.select()
		.from(smsDemoOutbox)
		.orderBy(desc(smsDemoOutbox.createdAt))
		.limit(1);
	return row?.text;
}

export async function lastCode(): Promise<string> {
	const text = (await lastOutboxText()) ?? '';
	const code = /验证码为 (\d{6})/.exec(text)?.[1];
	if (!code) throw new Error('no code in the demo outbox');
	return code;
}

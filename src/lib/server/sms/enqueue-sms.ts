import { smsKinds, type SmsKind } from '#lib/domain/sms-kinds.js';
import { encrypt } from '../crypto/pii.js';
import type { Tx } from '../db/index.js';
import { smsMessages } from '../db/schema/index.js';

export interface SmsToQueue {
	kind: SmsKind;
	/** The canonical 11-digit number. */
	phone: string;
	params?: Record<string, string>;
	userId?: string | null;
	/** Notifications respect the person's choice; codes and security notices do not. */
	optedOut?: boolean;
}

/**
 * Writes the message into the outbox inside the caller's transaction, so it exists exactly when
 * what it announces does. Nothing is sent here: the job picks it up (see sms-jobs.ts); call
 * `kickSms` after the commit to have it picked up at once. Answers the row's id, or null when
 * the person turned SMS notifications off for this kind.
 */
export async function enqueueSms(tx: Tx, message: SmsToQueue): Promise<string | null> {
	if (message.optedOut && !smsKinds[message.kind].essential) return null;
	const [row] = await tx
		.insert(smsMessages)
		.values({
			kind: message.kind,
			userId: message.userId ?? null,
			phoneEnc: encrypt(message.phone),
			paramsEnc: encrypt(JSON.stringify(message.params ?? {}))
		})
		.returning({ id: smsMessages.id });
	return row.id;
}

/**
 * The same writes as `enqueueSms` for a message that must not go out (a code for a number that
 * has no account): equal work on both paths, so the time taken tells nothing.
 */
export async function enqueueNothing(tx: Tx, kind: SmsKind): Promise<void> {
	encrypt('00000000000');
	encrypt(JSON.stringify({ code: '000000' }));
	await tx.insert(smsMessages).values({ kind, status: 'discarded' });
}

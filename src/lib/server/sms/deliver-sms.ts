import { and, eq, lt, or, sql } from 'drizzle-orm';
import { isSmsKind } from '#lib/domain/sms-kinds.js';
import { now } from '../clock.js';
import { decrypt } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { smsMessages } from '../db/schema/index.js';
import { smsProvider } from './config.js';
import { SmsSendError, type SmsProvider } from './provider.js';

/** One first try and five retries (the queue's retryLimit), then the message is given up. */
export const MAX_ATTEMPTS = 6;
/** A claim older than this belongs to a worker that died mid-send. */
const CLAIM_MS = 10 * 60_000;

export type DeliveryResult = 'sent' | 'failed' | 'skipped';

/**
 * Sends one queued message. Claims the row first (queued → sending), so two jobs for the same
 * message never both send it. A refusal puts it back in the queue and throws, for pg-boss to
 * retry with backoff; the last attempt marks it failed. After hand-over the number and the
 * parameters (a code) are wiped.
 */
export async function deliverSms(
	id: string,
	provider: SmsProvider = smsProvider()
): Promise<DeliveryResult> {
	const at = now();
	const [row] = await db()
		.update(smsMessages)
		.set({ status: 'sending', claimedAt: at, attempts: sql`${smsMessages.attempts} + 1` })
		.where(
			and(
				eq(smsMessages.id, id),
				or(
					eq(smsMessages.status, 'queued'),
					and(
						eq(smsMessages.status, 'sending'),
						lt(smsMessages.claimedAt, new Date(at.getTime() - CLAIM_MS))
					)
				)
			)
		)
		.returning();
	if (!row) return 'skipped';
	if (!row.phoneEnc || !isSmsKind(row.kind)) {
		await db()
			.update(smsMessages)
			.set({ status: 'failed', lastError: 'Unusable' })
			.where(eq(smsMessages.id, id));
		return 'failed';
	}
	try {
		const params = row.paramsEnc
			? (JSON.parse(decrypt(row.paramsEnc)) as Record<string, string>)
			: {};
		const messageId = await provider.send(row.kind, decrypt(row.phoneEnc), params);
		await db()
			.update(smsMessages)
			.set({
				status: 'sent',
				provider: provider.name,
				providerMessageId: messageId.slice(0, 100),
				sentAt: now(),
				phoneEnc: null,
				paramsEnc: null,
				lastError: null
			})
			.where(eq(smsMessages.id, id));
		return 'sent';
	} catch (e) {
		const code = e instanceof SmsSendError ? e.code : e instanceof Error ? e.name : 'Unknown';
		const last = row.attempts >= MAX_ATTEMPTS;
		await db()
			.update(smsMessages)
			.set({
				status: last ? 'failed' : 'queued',
				provider: provider.name,
				lastError: code.slice(0, 100),
				...(last ? { phoneEnc: null, paramsEnc: null } : {})
			})
			.where(eq(smsMessages.id, id));
		if (last) return 'failed';
		throw e;
	}
}

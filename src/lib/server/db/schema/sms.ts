import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Text messages waiting for (or past) delivery: the transactional outbox. A row is written in
 * the same transaction as what it announces (a notification, a code); a pg-boss job sends it.
 * The number and the parameters are encrypted and wiped once the message is handed over.
 */
export const smsMessages = pgTable(
	'sms_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id').references(() => users.id),
		kind: text('kind').notNull(),
		/** queued → sending → sent | failed; `discarded` rows stand for no message at all. */
		status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'discarded'] })
			.notNull()
			.default('queued'),
		phoneEnc: text('phone_enc'),
		paramsEnc: text('params_enc'),
		attempts: integer('attempts').notNull().default(0),
		/** The provider's error code of the last failed attempt (never personal data). */
		lastError: text('last_error'),
		provider: text('provider'),
		providerMessageId: text('provider_message_id'),
		claimedAt: timestamp('claimed_at', { withTimezone: true }),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('sms_messages_status_idx').on(t.status, t.createdAt),
		index('sms_messages_user_idx').on(t.userId)
	]
);

/**
 * What the demo provider "sent": shown to the city office at /admin/messages/outbox when no
 * real provider is configured. The number is kept masked only.
 */
export const smsDemoOutbox = pgTable(
	'sms_demo_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		phoneMasked: text('phone_masked').notNull(),
		text: text('text').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sms_demo_outbox_created_idx').on(t.createdAt)]
);

/**
 * One-time SMS codes (password recovery, mobile verification). Only a keyed hash of the code
 * is stored; the row's id is the ticket the browser carries between the two steps.
 */
export const smsCodes = pgTable(
	'sms_codes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purpose: text('purpose', {
			enum: ['passwordReset', 'register', 'mobileChange']
		}).notNull(),
		phoneHmac: text('phone_hmac').notNull(),
		/** The account it recovers or verifies for; null for an unknown number (never usable). */
		userId: uuid('user_id').references(() => users.id),
		codeHash: text('code_hash').notNull(),
		attempts: integer('attempts').notNull().default(0),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sms_codes_phone_idx').on(t.phoneHmac), index('sms_codes_user_idx').on(t.userId)]
);

export type SmsMessage = typeof smsMessages.$inferSelect;
export type SmsCode = typeof smsCodes.$inferSelect;

import {
	boolean,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.js';

/**
 * People who sign in. Applicants have no organisation; staff belong to exactly one.
 * ID and mobile numbers are stored AES-256-GCM encrypted, with keyed HMAC "blind index"
 * columns for uniqueness and sign-in lookup.
 */
export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: ['applicant', 'staff'] }).notNull(),
		/** Staff sign in with a username; applicants with their ID or mobile number. */
		username: text('username'),
		name: text('name').notNull(),
		idNumberEnc: text('id_number_enc'),
		idNumberHmac: text('id_number_hmac'),
		/** Masked form (6 + 4) kept in clear for staff lists and search. */
		idNumberMasked: text('id_number_masked'),
		mobileEnc: text('mobile_enc'),
		mobileHmac: text('mobile_hmac'),
		/** When the mobile number last proved itself with an SMS code; null: never verified. */
		mobileVerifiedAt: timestamp('mobile_verified_at', { withTimezone: true }),
		/** The person turned SMS notifications off (codes and security notices still go). */
		smsOptOut: boolean('sms_opt_out').notNull().default(false),
		passwordHash: text('password_hash').notNull(),
		organisationId: uuid('organisation_id').references(() => organisations.id),
		role: text('role', { enum: ['admin', 'reviewer'] }),
		failedSignIns: integer('failed_sign_ins').notNull().default(0),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
		lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_username_uq').on(t.username),
		uniqueIndex('users_id_number_hmac_uq').on(t.idNumberHmac),
		uniqueIndex('users_mobile_hmac_uq').on(t.mobileHmac),
		index('users_organisation_idx').on(t.organisationId)
	]
);

export type User = typeof users.$inferSelect;

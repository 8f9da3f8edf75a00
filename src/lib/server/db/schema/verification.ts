import { bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { archiveForms, certificates } from './certificates.js';
import { organisations } from './organisations.js';

/**
 * Every online verification of a certificate or archive form (QR page, open API, lookup, the
 * in-app scanner's online check). Written in batches (verification/verification-log.ts):
 * identical checks within one flush window (≤ 1 s by default) are one row with a `count`, so a
 * burst of scans costs one insert. The holder sees the rows of their certificates.
 *
 * No IP address is stored: `client_hash` is a keyed hash (HMAC under a key derived from the
 * master key) of the day and the address, truncated — enough to see that one client hammered
 * the register today, useless for finding out who it was or for linking across days.
 */
export const verificationLog = pgTable(
	'verification_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		/** The certificate, when the token was genuine and registered. */
		certificateId: uuid('certificate_id').references(() => certificates.id),
		/** The archive form, when a form QR was checked. */
		archiveFormId: uuid('archive_form_id').references(() => archiveForms.id),
		/** Certificate or form number as the code claimed it (also for forged codes). */
		subjectNo: text('subject_no'),
		verdict: text('verdict', {
			enum: ['valid', 'void', 'revoked', 'notice', 'invalid']
		}).notNull(),
		/** invalid: why (malformed, bad-signature, …). */
		reason: text('reason'),
		/** page (/v/…), api (/api/v1/verify), lookup (/verify), scan (in-app scanner online check). */
		channel: text('channel', { enum: ['page', 'api', 'lookup', 'scan'] }).notNull(),
		/** The signed-in verifier's organisation; null = anonymous. */
		verifierOrgId: uuid('verifier_org_id').references(() => organisations.id),
		clientHash: text('client_hash'),
		/** Identical checks folded into this row. */
		count: integer('count').notNull().default(1),
		firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
		lastAt: timestamp('last_at', { withTimezone: true }).notNull()
	},
	(t) => [
		index('verification_log_certificate_idx').on(t.certificateId, t.lastAt),
		index('verification_log_archive_form_idx').on(t.archiveFormId),
		index('verification_log_verifier_idx').on(t.verifierOrgId)
	]
);

export type VerificationLogRow = typeof verificationLog.$inferSelect;

/**
 * The current signed status list, one row per public origin (`iss`/`sub` name it; a cluster
 * behind one load balancer has one). Built once by whichever instance finds it stale (its
 * statuses changed, or it is older than a minute) under an advisory lock, and served by every
 * instance as stored, so all of them answer with the same bytes, `iat` and ETag
 * (verification/get-status-list.ts).
 */
export const statusLists = pgTable('status_lists', {
	origin: text('origin').primaryKey(),
	/** The compact JWS as served. */
	jws: text('jws').notNull(),
	etag: text('etag').notNull(),
	/** The list's `iat` (seconds). */
	iat: integer('iat').notNull(),
	/** SHA-256 of the statuses it carries: a change of any certificate's status changes it. */
	digest: text('digest').notNull()
});

export type StatusListRow = typeof statusLists.$inferSelect;

import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { applications } from './applications.js';
import { certificates } from './certificates.js';
import { paperCertificates } from './paper-certificates.js';
import { users } from './users.js';

/**
 * Invalidation notices (声明作废) of lost certificates, published on the platform for 5 working
 * days before a reissue may be submitted (柳职办〔2019〕17号 三.3). The subject is an electronic
 * certificate (`certificate_id`) or a paper one: registered (`paper_certificate_id`) or only
 * described by the applicant (the `paper_*` columns, always filled for paper subjects). A notice
 * is never deleted: withdrawing sets status and time; completion is `completes_on` passing
 * (status becomes 'completed' lazily, see notices/status.ts).
 */
export const notices = pgTable(
	'notices',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		applicantId: uuid('applicant_id')
			.notNull()
			.references(() => users.id),
		/** The reissue application whose publishNotice transition this notice is. */
		applicationId: uuid('application_id')
			.notNull()
			.references(() => applications.id),
		/** Holder's name at publication (the board masks it). */
		holderName: text('holder_name').notNull(),
		certificateId: uuid('certificate_id').references(() => certificates.id),
		paperCertificateId: uuid('paper_certificate_id').references(() => paperCertificates.id),
		paperSeries: text('paper_series'),
		paperQualification: text('paper_qualification'),
		paperNumber: text('paper_number'),
		paperIssuedOn: date('paper_issued_on', { mode: 'string' }),
		paperIssuingOffice: text('paper_issuing_office'),
		/** China date of publication; it does not count towards the 5 working days. */
		publishedOn: date('published_on', { mode: 'string' }).notNull(),
		/** Last day of the period: addWorkingDays(published_on, 5) on the official calendar. */
		completesOn: date('completes_on', { mode: 'string' }).notNull(),
		/** completes_on depends on a year whose official schedule is not confirmed yet. */
		provisional: boolean('provisional').notNull().default(false),
		status: text('status', { enum: ['running', 'completed', 'withdrawn'] })
			.notNull()
			.default('running'),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('notices_applicant_idx').on(t.applicantId),
		index('notices_application_idx').on(t.applicationId),
		index('notices_certificate_idx').on(t.certificateId),
		index('notices_paper_certificate_idx').on(t.paperCertificateId),
		index('notices_board_idx').on(t.publishedOn),
		check('notices_one_subject', sql`(${t.certificateId} is null) <> (${t.paperNumber} is null)`),
		check(
			'notices_withdrawal_complete',
			sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null)`
		)
	]
);

export type Notice = typeof notices.$inferSelect;

import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	check,
	index,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { files } from './files.js';

/**
 * Every organisation on the platform. One table for all types keeps routing queries
 * (employer → supervisor → tier office) simple; type-specific columns are nullable and
 * guarded by CHECK constraints.
 */
export const organisations = pgTable(
	'organisations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		type: text('type', {
			enum: ['employer', 'supervisor', 'seriesOffice', 'countyOffice', 'cityOffice', 'committee']
		}).notNull(),
		name: text('name').notNull(),
		/** 'city' or a county code; employers and county offices carry one. */
		tier: text('tier'),
		supervisorId: uuid('supervisor_id').references((): AnyPgColumn => organisations.id),
		/** Series code for series offices and committees. */
		series: text('series'),
		/** 统一社会信用代码 — public business information, stored in clear. */
		creditCode: text('credit_code'),
		status: text('status', { enum: ['pending', 'active', 'rejected'] })
			.notNull()
			.default('active'),
		rejectionReason: text('rejection_reason'),
		contactName: text('contact_name'),
		contactMobileEnc: text('contact_mobile_enc'),
		licenceFileId: uuid('licence_file_id').references(() => files.id),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
		reviewedBy: uuid('reviewed_by'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('organisations_credit_code_uq').on(t.creditCode),
		index('organisations_type_idx').on(t.type, t.status),
		index('organisations_supervisor_idx').on(t.supervisorId),
		index('organisations_licence_file_idx').on(t.licenceFileId),
		check(
			'organisations_employer_fields',
			sql`${t.type} <> 'employer' or (${t.tier} is not null and ${t.creditCode} is not null)`
		)
	]
);

export type Organisation = typeof organisations.$inferSelect;
export type OrgType = Organisation['type'];

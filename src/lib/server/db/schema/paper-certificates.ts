import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.js';
import { users } from './users.js';

/**
 * Paper title certificates issued before the platform (原纸质版职称证书 — they stay valid). The
 * offices register them (form or CSV import) so that they can be the subject of an invalidation
 * notice and be found by number + name. The ID number is stored like everywhere else: encrypted,
 * with a blind index for lookup and a 6+4 mask for staff screens.
 */
export const paperCertificates = pgTable(
	'paper_certificates',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		holderName: text('holder_name').notNull(),
		idNumberEnc: text('id_number_enc').notNull(),
		idNumberHmac: text('id_number_hmac').notNull(),
		idNumberMasked: text('id_number_masked').notNull(),
		/** Series code from domain/catalogue.ts SERIES. */
		series: text('series').notNull(),
		/** 资格名称 as printed, e.g. 工程师. */
		qualification: text('qualification').notNull(),
		level: text('level', { enum: ['junior', 'intermediate', 'senior'] }).notNull(),
		/** 证书编号 as printed (paper numbers are free text: letters, digits, dashes). */
		certificateNo: text('certificate_no').notNull(),
		/** 发证时间 */
		issuedOn: date('issued_on', { mode: 'string' }).notNull(),
		/** 发证单位 as printed. */
		issuingOffice: text('issuing_office').notNull(),
		registeredByOrgId: uuid('registered_by_org_id')
			.notNull()
			.references(() => organisations.id),
		registeredBy: uuid('registered_by')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('paper_certificates_number_office_uq').on(t.certificateNo, t.issuingOffice),
		index('paper_certificates_number_idx').on(t.certificateNo),
		index('paper_certificates_id_number_idx').on(t.idNumberHmac),
		index('paper_certificates_org_idx').on(t.registeredByOrgId),
		index('paper_certificates_registered_by_idx').on(t.registeredBy)
	]
);

export type PaperCertificate = typeof paperCertificates.$inferSelect;

import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { files } from './files.js';
import { organisations } from './organisations.js';
import { users } from './users.js';

/**
 * Credit records (信用记录): a violation found against a person — forgery, alteration, abuse of
 * certificates or forms, false materials (柳职办〔2019〕17号 六). The person is identified by ID
 * number (blind index), so a record also reaches accounts created later. Rows are never updated
 * or deleted (database triggers refuse it); corrections and appeal results are annotations.
 */
export const creditRecords = pgTable(
	'credit_records',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		subjectName: text('subject_name').notNull(),
		idNumberEnc: text('id_number_enc').notNull(),
		idNumberHmac: text('id_number_hmac').notNull(),
		idNumberMasked: text('id_number_masked').notNull(),
		/** forgery 伪造 · alteration 篡改 · abuse 滥用 · falseMaterials 提供虚假材料 */
		kind: text('kind', { enum: ['forgery', 'alteration', 'abuse', 'falseMaterials'] }).notNull(),
		description: text('description').notNull(),
		/** Date of the violation (or of its finding). */
		occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
		/** The decision document (处理决定): number and title. */
		decisionDocument: text('decision_document').notNull(),
		evidenceFileId: uuid('evidence_file_id').references(() => files.id),
		recordedByOrgId: uuid('recorded_by_org_id')
			.notNull()
			.references(() => organisations.id),
		recordedBy: uuid('recorded_by')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('credit_records_subject_idx').on(t.idNumberHmac, t.occurredOn),
		index('credit_records_org_idx').on(t.recordedByOrgId),
		index('credit_records_recorded_by_idx').on(t.recordedBy),
		index('credit_records_evidence_idx').on(t.evidenceFileId)
	]
);

/** Later facts about a record: an appeal's result, a correction, a note. Append-only too. */
export const creditRecordAnnotations = pgTable(
	'credit_record_annotations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		recordId: uuid('record_id')
			.notNull()
			.references(() => creditRecords.id),
		/** appealUpheld 申诉成立 · appealRejected 申诉驳回 · correction 更正 · note 备注 */
		kind: text('kind', {
			enum: ['appealUpheld', 'appealRejected', 'correction', 'note']
		}).notNull(),
		text: text('text').notNull(),
		byOrgId: uuid('by_org_id')
			.notNull()
			.references(() => organisations.id),
		byUserId: uuid('by_user_id')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('credit_record_annotations_record_idx').on(t.recordId, t.createdAt),
		index('credit_record_annotations_org_idx').on(t.byOrgId),
		index('credit_record_annotations_user_idx').on(t.byUserId)
	]
);

export type CreditRecord = typeof creditRecords.$inferSelect;
export type CreditRecordAnnotation = typeof creditRecordAnnotations.$inferSelect;

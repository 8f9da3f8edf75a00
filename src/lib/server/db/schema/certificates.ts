import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	check,
	date,
	index,
	integer,
	pgSequence,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { bytea } from './types.js';
import { applications, attachments, conferrals } from './applications.js';
import { organisations } from './organisations.js';
import { users } from './users.js';

/**
 * Serial parts of 证书编号 and 管理号 (see README "Certificate numbers"). Sequences are never
 * rolled back, so a crashed or failed issuance leaves a gap, never a duplicate.
 */
export const certificateNoSeq = pgSequence('certificate_no_seq', { startWith: 1 });
export const managementNoSeq = pgSequence('management_no_seq', { startWith: 1 });

/**
 * Electronic title certificates (职称电子证书). One row per certificate ever issued; a certificate
 * is never deleted, only voided (replaced by a reissue) or revoked (by the city office). The PDF
 * is not stored: it is rendered on demand from this row (see README).
 */
export const certificates = pgTable(
	'certificates',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** 证书编号, printed and in the QR token; digits only (e.g. 4502202621000123). */
		certificateNo: text('certificate_no').notNull(),
		/** 管理号: issuing office code + year + serial, digits only. */
		managementNo: text('management_no').notNull(),
		/** The application that produced it; unique, so issuing twice for one application is impossible. Null for imported/legacy rows. */
		applicationId: uuid('application_id').references(() => applications.id),
		/** The holder's account; the holder downloads from "my certificates". */
		holderUserId: uuid('holder_user_id')
			.notNull()
			.references(() => users.id),
		/** 姓名, as printed. */
		holderName: text('holder_name').notNull(),
		/** 身份证号, AES-256-GCM (crypto/pii.ts encrypt); printed in full only on the holder's PDF. */
		idNumberEnc: text('id_number_enc').notNull(),
		/** Blind index (crypto/pii.ts blindIndex) for lookup by ID number. */
		idNumberHmac: text('id_number_hmac').notNull(),
		/** 身份证号 masked 6+4 for staff screens; public pages mask 1+1 (maskIdNumber 'public'). */
		idNumberMasked: text('id_number_masked').notNull(),
		/** 性别 男/女, from the ID number. */
		sex: text('sex').notNull(),
		/** 获取方式 as printed: 评审 / 认定 / 重新确认 (a reissue keeps the original's). */
		obtainedBy: text('obtained_by').notNull(),
		/** 职称系列: series code from domain/catalogue.ts SERIES. */
		series: text('series').notNull(),
		/** 资格名称, e.g. 工程师, 助理工程师. */
		qualification: text('qualification').notNull(),
		/** junior (初级) or intermediate (中级); senior titles get no electronic certificate. */
		level: text('level', { enum: ['junior', 'intermediate'] }).notNull(),
		/** 专业 */
		specialty: text('specialty').notNull(),
		/** 授予时间 */
		conferredOn: date('conferred_on', { mode: 'string' }).notNull(),
		/** 评委会名称 (for recognitions: the approving office's name, as the template requires a value). */
		committeeName: text('committee_name').notNull(),
		/** 发文文号 */
		documentNumber: text('document_number').notNull(),
		/** Conferral batch (evaluations), for batch issuance and its progress. */
		conferralId: uuid('conferral_id').references(() => conferrals.id),
		/** 发证单位: the office that gave final approval (city office for evaluations). */
		issuerOrgId: uuid('issuer_org_id')
			.notNull()
			.references(() => organisations.id),
		/** Issuing office's name as printed around the seal (snapshot: organisations get renamed). */
		issuerName: text('issuer_name').notNull(),
		/** Issuing office's administrative code (450200 city, 4502xx counties); in the QR token and 管理号. */
		issuerCode: text('issuer_code').notNull(),
		/** 发证时间 */
		issuedOn: date('issued_on', { mode: 'string' }).notNull(),
		/** PDF style: junior or intermediate template. */
		style: text('style', { enum: ['junior', 'intermediate'] }).notNull(),
		/** Key id (certificate_token_keys.kid) that signed the QR token. */
		tokenKid: text('token_kid').notNull(),
		/** The signed QR token itself (`/v/<token>`); Ed25519 is deterministic, stored so rendering never needs an old private key. */
		token: text('token').notNull(),
		/** valid → void (replaced by a reissue) or revoked (withdrawn by the city office). */
		status: text('status', { enum: ['valid', 'void', 'revoked'] })
			.notNull()
			.default('valid'),
		/** Why it became void, e.g. 遗失补办. */
		voidReason: text('void_reason'),
		voidedAt: timestamp('voided_at', { withTimezone: true }),
		/** The reissued certificate that replaced this one. */
		replacedBy: uuid('replaced_by').references((): AnyPgColumn => certificates.id),
		/** The certificate this reissue replaces. */
		replaces: uuid('replaces').references((): AnyPgColumn => certificates.id),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedBy: uuid('revoked_by').references(() => users.id),
		revokeReason: text('revoke_reason'),
		/** 2-inch photo (attachments, purpose 'photo') printed on the certificate. */
		photoAttachmentId: uuid('photo_attachment_id').references(() => attachments.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('certificates_certificate_no_uq').on(t.certificateNo),
		uniqueIndex('certificates_management_no_uq').on(t.managementNo),
		uniqueIndex('certificates_application_uq').on(t.applicationId),
		index('certificates_holder_idx').on(t.holderUserId, t.issuedOn),
		index('certificates_id_number_idx').on(t.idNumberHmac),
		index('certificates_issuer_idx').on(t.issuerOrgId),
		index('certificates_conferral_idx').on(t.conferralId),
		index('certificates_replaced_by_idx').on(t.replacedBy),
		index('certificates_replaces_idx').on(t.replaces),
		index('certificates_revoked_by_idx').on(t.revokedBy),
		index('certificates_photo_idx').on(t.photoAttachmentId),
		check(
			'certificates_revocation_complete',
			sql`${t.status} <> 'revoked' or (${t.revokedAt} is not null and ${t.revokedBy} is not null and ${t.revokeReason} is not null)`
		)
	]
);

/**
 * Ed25519 keys that sign QR tokens, per issuing organisation. Rotation adds a key and sets
 * retired_at on the old one: a retired key signs nothing new but stays published (JWKS) so
 * old certificates keep verifying.
 */
export const certificateTokenKeys = pgTable(
	'certificate_token_keys',
	{
		/** Key id carried in every token. */
		kid: text('kid').primaryKey(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** Raw 32-byte public key, base64url. */
		publicKey: text('public_key').notNull(),
		/** Raw 32-byte private key wrapped (AES-GCM) with deriveKey('certificate-token-keys'). */
		privateKeyEnc: text('private_key_enc').notNull(),
		/** Tokens dated before this are not accepted under this key. */
		notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
		/** Null: open-ended. */
		notAfter: timestamp('not_after', { withTimezone: true }),
		/** No longer used to sign; still valid for verification. */
		retiredAt: timestamp('retired_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('certificate_token_keys_org_idx').on(t.organisationId, t.retiredAt)]
);

/**
 * X.509 identities for PDF signatures: the demo CA (kind 'demoCa', no organisation) and each
 * issuing organisation's certificate (kind 'org'), generated under the demo CA in embedded/demo
 * mode or imported by an administrator (PEM pair / PKCS#12) in production.
 */
export const certificateSigningIdentities = pgTable(
	'certificate_signing_identities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: ['demoCa', 'org'] }).notNull(),
		/** Issuing office; null for the demo CA. */
		organisationId: uuid('organisation_id').references(() => organisations.id),
		/** 'demo' (generated under the demo CA) or 'imported' (from a real CA). */
		source: text('source', { enum: ['demo', 'imported'] }).notNull(),
		/** DER X.509 certificate. */
		certificate: bytea('certificate').notNull(),
		/** Issuer certificates, nearest first, concatenated PEM (empty for a self-signed CA). */
		chainPem: text('chain_pem').notNull().default(''),
		/** PKCS#8 DER private key wrapped with deriveKey('certificate-signing-keys'). */
		privateKeyEnc: text('private_key_enc').notNull(),
		/** Subject common name, for the admin screen. */
		subject: text('subject').notNull(),
		notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
		notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
		/** Replaced by a newer identity (PDFs already signed stay valid under their embedded chain). */
		retiredAt: timestamp('retired_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('certificate_signing_identities_org_idx').on(t.organisationId, t.retiredAt),
		check(
			'certificate_signing_identities_org_kind',
			sql`(${t.kind} = 'demoCa') = (${t.organisationId} is null)`
		)
	]
);

/**
 * Batch issuance of a conferral (thousands of certificates) and its progress, polled by the city
 * office's progress bar. Resumable: issuing is idempotent per application (certificates_application_uq).
 */
export const certificateBatches = pgTable(
	'certificate_batches',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** One batch per conferral. */
		conferralId: uuid('conferral_id')
			.notNull()
			.references(() => conferrals.id),
		/** queued → running → done | failed (failed batches resume from where they stopped). */
		status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
			.notNull()
			.default('queued'),
		/** Applications to certify in this conferral. */
		total: integer('total').notNull().default(0),
		/** Certificates issued so far (including ones issued before a crash). */
		issued: integer('issued').notNull().default(0),
		/** Items that could not be conferred (moved on meanwhile, or senior: no certificate). */
		skipped: integer('skipped').notNull().default(0),
		/** Last error (no personal data). */
		error: text('error'),
		/** City-office user who started it. */
		startedBy: uuid('started_by')
			.notNull()
			.references(() => users.id),
		/** 'pg-boss' with PostgreSQL, 'in-process' on embedded PGlite. */
		runner: text('runner').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('certificate_batches_conferral_uq').on(t.conferralId),
		index('certificate_batches_started_by_idx').on(t.startedBy)
	]
);

/** The applications of a batch, fixed when it starts, so a resumed batch does the same set. */
export const certificateBatchItems = pgTable(
	'certificate_batch_items',
	{
		batchId: uuid('batch_id')
			.notNull()
			.references(() => certificateBatches.id),
		applicationId: uuid('application_id')
			.notNull()
			.references(() => applications.id),
		/** Processing order (resume continues after the last finished one). */
		seq: integer('seq').notNull(),
		/** Null until processed: 'issued', or why it was skipped ('moved', 'senior'). */
		outcome: text('outcome')
	},
	(t) => [
		primaryKey({ columns: [t.batchId, t.applicationId] }),
		index('certificate_batch_items_order_idx').on(t.batchId, t.seq),
		index('certificate_batch_items_application_idx').on(t.applicationId)
	]
);

/**
 * Archive forms (评审表 / 认定表 / 重新确认审批表) generated for an application, with the number
 * and content hash their QR points to. Rendered on demand like certificates.
 */
export const archiveForms = pgTable(
	'archive_forms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		applicationId: uuid('application_id')
			.notNull()
			.references(() => applications.id),
		/** evaluation (评审表), recognition (认定表), reconfirmation (重新确认审批表). */
		kind: text('kind', { enum: ['evaluation', 'recognition', 'reconfirmation'] }).notNull(),
		/** Form number printed and encoded in its QR. */
		formNo: text('form_no').notNull(),
		/** SHA-256 (hex) of the application content hash + every step's seal: what the form attests. */
		contentSha256: text('content_sha256').notNull(),
		/** The office whose keys sign the form (final approver / city office). */
		issuerOrgId: uuid('issuer_org_id')
			.notNull()
			.references(() => organisations.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('archive_forms_application_uq').on(t.applicationId),
		uniqueIndex('archive_forms_form_no_uq').on(t.formNo),
		index('archive_forms_issuer_idx').on(t.issuerOrgId)
	]
);

export type Certificate = typeof certificates.$inferSelect;
export type CertificateTokenKey = typeof certificateTokenKeys.$inferSelect;
export type CertificateSigningIdentity = typeof certificateSigningIdentities.$inferSelect;
export type CertificateBatch = typeof certificateBatches.$inferSelect;
export type ArchiveForm = typeof archiveForms.$inferSelect;

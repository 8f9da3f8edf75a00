import { sql } from 'drizzle-orm';
import {
	bigint,
	bigserial,
	boolean,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { State } from '../../../domain/procedures.js';
import { bytea, contentWithPersonalData } from './types.js';
import { organisations } from './organisations.js';
import { users } from './users.js';

/**
 * One application of any procedure, from draft to its final state. The id is the client's
 * draft UUID, so an offline draft and its application are the same row. `version` is the
 * optimistic lock for both draft sync and every transition.
 */
export const applications = pgTable(
	'applications',
	{
		id: uuid('id').primaryKey(),
		number: text('number'),
		applicantId: uuid('applicant_id')
			.notNull()
			.references(() => users.id),
		employerId: uuid('employer_id').references(() => organisations.id),
		kind: text('kind', {
			enum: ['evaluation', 'recognition', 'reconfirmation', 'reissue']
		}).notNull(),
		level: text('level', { enum: ['junior', 'intermediate', 'senior'] }).notNull(),
		series: text('series').notNull(),
		qualification: text('qualification'),
		applicantName: text('applicant_name').notNull(),
		tier: text('tier'),
		state: text('state').$type<State>().notNull().default('draft'),
		assigneeOrgId: uuid('assignee_org_id').references(() => organisations.id),
		content: contentWithPersonalData<Record<string, unknown>>()('content').notNull(),
		/** SHA-256 of the canonical content as submitted: what every seal signs. */
		contentHash: text('content_hash'),
		version: integer('version').notNull().default(1),
		reviewStarted: boolean('review_started').notNull().default(false),
		noticeStartedOn: date('notice_started_on', { mode: 'string' }),
		publicityStartedOn: date('publicity_started_on', { mode: 'string' }),
		conferralId: uuid('conferral_id'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		stateChangedAt: timestamp('state_changed_at', { withTimezone: true }).notNull().defaultNow(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/** Draft sync: the device whose push wrote this version, and its edit time as sent (text:
		 * echoed back unchanged in the sync protocol, never used for ordering on the server). */
		syncClientId: text('sync_client_id'),
		clientUpdatedAt: text('client_updated_at')
	},
	(t) => [
		uniqueIndex('applications_number_uq').on(t.number),
		index('applications_applicant_idx').on(t.applicantId, t.updatedAt),
		index('applications_employer_idx').on(t.employerId),
		// The reviewer queue: one organisation's waiting applications, oldest first.
		index('applications_queue_idx')
			.on(t.assigneeOrgId, t.state, t.stateChangedAt)
			.where(sql`${t.assigneeOrgId} is not null`),
		index('applications_conferral_idx').on(t.conferralId)
	]
);

/** Every transition, in order: who (organisation and person), when, opinion, seal. */
export const applicationSteps = pgTable(
	'application_steps',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		applicationId: uuid('application_id')
			.notNull()
			.references(() => applications.id),
		seq: integer('seq').notNull(),
		event: text('event').notNull(),
		fromState: text('from_state').$type<State>().notNull(),
		toState: text('to_state').$type<State>().notNull(),
		actorUserId: uuid('actor_user_id').references(() => users.id),
		actorOrgId: uuid('actor_org_id').references(() => organisations.id),
		opinion: text('opinion'),
		/** Sections the applicant must change (return for revision). */
		returnSections: jsonb('return_sections').$type<string[]>(),
		/** Committee decision, paper mailing and the like. */
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		/** Ed25519 seal: { kid, signature, signed } over the content hash and the opinion. */
		seal: jsonb('seal').$type<{ kid: string; signature: string; signed: string }>(),
		at: timestamp('at', { withTimezone: true }).notNull()
	},
	(t) => [
		uniqueIndex('application_steps_seq_uq').on(t.applicationId, t.seq),
		index('application_steps_actor_user_idx').on(t.actorUserId),
		index('application_steps_actor_org_idx').on(t.actorOrgId)
	]
);

/** Files attached to an application (diplomas, photo…), uploaded in resumable chunks. */
export const attachments = pgTable(
	'attachments',
	{
		id: uuid('id').primaryKey(),
		ownerUserId: uuid('owner_user_id')
			.notNull()
			.references(() => users.id),
		applicationId: uuid('application_id').references(() => applications.id),
		purpose: text('purpose').notNull(),
		name: text('name').notNull(),
		mime: text('mime').notNull(),
		size: bigint('size', { mode: 'number' }).notNull(),
		sha256: text('sha256').notNull(),
		received: bigint('received', { mode: 'number' }).notNull().default(0),
		complete: boolean('complete').notNull().default(false),
		data: bytea('data').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('attachments_owner_idx').on(t.ownerUserId),
		index('attachments_application_idx').on(t.applicationId)
	]
);

/** Per-organisation Ed25519 keys for seals; retired keys stay for verification. */
export const sealKeys = pgTable(
	'seal_keys',
	{
		kid: text('kid').primaryKey(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		publicKey: text('public_key').notNull(),
		privateKeyEnc: text('private_key_enc').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		retiredAt: timestamp('retired_at', { withTimezone: true })
	},
	(t) => [index('seal_keys_org_idx').on(t.organisationId)]
);

/** In-app notifications, to a person or to an organisation's queue. */
export const notifications = pgTable(
	'notifications',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		userId: uuid('user_id').references(() => users.id),
		organisationId: uuid('organisation_id').references(() => organisations.id),
		applicationId: uuid('application_id').references(() => applications.id),
		text: text('text').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp('read_at', { withTimezone: true })
	},
	(t) => [
		index('notifications_user_idx').on(t.userId, t.createdAt),
		index('notifications_org_idx').on(t.organisationId, t.createdAt),
		index('notifications_application_idx').on(t.applicationId)
	]
);

/** A committee's meeting; decisions per application reference it. */
export const committeeSessions = pgTable(
	'committee_sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		committeeId: uuid('committee_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		heldOn: date('held_on', { mode: 'string' }).notNull(),
		membersPresent: integer('members_present').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('committee_sessions_committee_idx').on(t.committeeId)]
);

/** A batch conferral by the city office under one document number (发文文号). */
export const conferrals = pgTable(
	'conferrals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		documentNumber: text('document_number').notNull(),
		conferredOn: date('conferred_on', { mode: 'string' }).notNull(),
		createdBy: uuid('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('conferrals_document_number_uq').on(t.documentNumber),
		index('conferrals_created_by_idx').on(t.createdBy)
	]
);

/** Reconfirmation: the employer mails the original paper certificate; the office receives it. */
export const paperMailings = pgTable(
	'paper_mailings',
	{
		applicationId: uuid('application_id')
			.notNull()
			.references(() => applications.id),
		carrier: text('carrier').notNull(),
		trackingNumber: text('tracking_number').notNull(),
		mailedOn: date('mailed_on', { mode: 'string' }).notNull(),
		receivedOn: date('received_on', { mode: 'string' }),
		receivedBy: uuid('received_by').references(() => users.id)
	},
	(t) => [
		primaryKey({ columns: [t.applicationId] }),
		index('paper_mailings_received_by_idx').on(t.receivedBy)
	]
);

export type Application = typeof applications.$inferSelect;
export type ApplicationStep = typeof applicationSteps.$inferSelect;

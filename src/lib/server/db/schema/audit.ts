import {
	bigint,
	bigserial,
	index,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Append-only audit log, the leaves of a Merkle tree (RFC 9162). A writer inserts an entry
 * with its leaf hash and a keyed MAC, taking no lock; the sequencer gives each entry its
 * position in the tree (`seq`) and signs tree heads (audit_tree_heads). UPDATE is refused by a
 * trigger except the sequencer's one setting of `seq`; DELETE and TRUNCATE always.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		/** Random per entry, part of the leaf, so no entry can be copied into a second place. */
		uid: uuid('uid'),
		at: timestamp('at', { withTimezone: true }).notNull(),
		actorUserId: uuid('actor_user_id'),
		actorOrgId: uuid('actor_org_id'),
		action: text('action').notNull(),
		objectType: text('object_type'),
		objectId: text('object_id'),
		result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		/** RFC 9162 leaf hash of the entry's canonical form (hex). */
		leafHash: text('leaf_hash'),
		/** HMAC-SHA256 of the leaf hash under a key derived from the master key (hex). */
		mac: text('mac'),
		/** Position in the tree, from 0; null until the sequencer has taken the entry. */
		seq: bigint('seq', { mode: 'number' })
	},
	(t) => [
		index('audit_log_object_idx').on(t.objectType, t.objectId),
		index('audit_log_actor_idx').on(t.actorUserId),
		uniqueIndex('audit_log_seq_idx').on(t.seq),
		uniqueIndex('audit_log_uid_idx').on(t.uid),
		index('audit_log_unsequenced_idx')
			.on(t.id)
			.where(sql`seq is null`)
	]
);

/** Signed tree heads: size, root hash and time, signed with the audit key (Ed25519). */
export const auditTreeHeads = pgTable('audit_tree_heads', {
	treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
	rootHash: text('root_hash').notNull(),
	at: timestamp('at', { withTimezone: true }).notNull(),
	keyId: text('key_id').notNull(),
	/** base64url Ed25519 signature over the head's signed text (audit/tree-head.ts). */
	signature: text('signature').notNull(),
	/** Roots of the perfect subtrees of the first tree_size leaves: lets the tree grow. */
	frontier: jsonb('frontier').$type<string[]>().notNull()
});

/** The audit log's signing keys: private halves wrapped under the master key. */
export const auditKeys = pgTable('audit_keys', {
	kid: text('kid').primaryKey(),
	publicKey: text('public_key').notNull(),
	privateKeyEnc: text('private_key_enc').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull()
});

export type AuditEntry = typeof auditLog.$inferSelect;
export type AuditTreeHead = typeof auditTreeHeads.$inferSelect;

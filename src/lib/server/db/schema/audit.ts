import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log. UPDATE and DELETE are refused by a trigger
 * (see the custom migration); each row's hash covers the previous row's hash.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true }).notNull(),
		actorUserId: uuid('actor_user_id'),
		actorOrgId: uuid('actor_org_id'),
		action: text('action').notNull(),
		objectType: text('object_type'),
		objectId: text('object_id'),
		result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [
		index('audit_log_object_idx').on(t.objectType, t.objectId),
		index('audit_log_actor_idx').on(t.actorUserId)
	]
);

export type AuditEntry = typeof auditLog.$inferSelect;

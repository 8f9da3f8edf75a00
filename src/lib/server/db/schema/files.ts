import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './types.js';

/**
 * Uploaded files live in PostgreSQL so that every app instance sees them; no instance's
 * local disk is ever the source of truth.
 */
export const files = pgTable(
	'files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ownerUserId: uuid('owner_user_id'),
		purpose: text('purpose').notNull(),
		mime: text('mime').notNull(),
		size: bigint('size', { mode: 'number' }).notNull(),
		sha256: text('sha256').notNull(),
		data: bytea('data').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('files_owner_idx').on(t.ownerUserId)]
);

export type StoredFile = typeof files.$inferSelect;

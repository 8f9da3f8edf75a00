import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * One-time activation codes for accounts imported from the earlier platform without a usable
 * password hash. Only a keyed hash of the code is stored; the code is printed once in the
 * import report and handed to the person, who sets a password at /activate.
 */
export const accountActivations = pgTable('account_activations', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id),
	codeHash: text('code_hash').notNull(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	usedAt: timestamp('used_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export type AccountActivation = typeof accountActivations.$inferSelect;

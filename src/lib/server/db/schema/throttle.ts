import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Fixed-window counters shared by every app instance (per-IP throttling). Keys hold a
 * keyed hash of the IP, never the raw address.
 */
export const throttle = pgTable('throttle', {
	key: text('key').primaryKey(),
	count: integer('count').notNull(),
	resetAt: timestamp('reset_at', { withTimezone: true }).notNull()
});

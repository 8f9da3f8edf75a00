import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Data migrations that need the application (e.g. the master key), run once and recorded. */
export const dataMigrations = pgTable('data_migrations', {
	name: text('name').primaryKey(),
	doneAt: timestamp('done_at', { withTimezone: true }).notNull()
});

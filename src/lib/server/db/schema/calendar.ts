import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * The official working-day calendar, one row per year: statutory holidays and make-up working
 * days (调休) as the State Council publishes them. Seeded from the bundled data package
 * (domain/holidays-data.ts); the city office enters later years or corrects one in the admin
 * screen. A provisional year counts Monday–Friday until it is confirmed.
 */
export const calendarYears = pgTable('calendar_years', {
	year: integer('year').primaryKey(),
	status: text('status', { enum: ['confirmed', 'provisional'] }).notNull(),
	holidays: jsonb('holidays').$type<string[]>().notNull(),
	workdays: jsonb('workdays').$type<string[]>().notNull(),
	/** Data package version, or the State Council notice the office entered. */
	source: text('source'),
	/** Null for rows seeded from the bundled data. */
	updatedBy: uuid('updated_by').references(() => users.id),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export type CalendarYear = typeof calendarYears.$inferSelect;

/**
 * Work other areas do, inside the saving transaction, when the official calendar changes
 * (running notices get their end recomputed). The areas register a handler at start-up
 * (src/lib/server/effects.ts) so that the calendar, which they all read, never imports them:
 * the dependency between folders stays one-way.
 */
import type { OfficialCalendar } from '#lib/domain/calendar.js';
import type { Tx } from '../db/index.js';

/** Returns figures for the audit entry of the change, e.g. `{ noticesRecomputed: 2 }`. */
export type CalendarChangeHandler = (
	tx: Tx,
	calendar: OfficialCalendar
) => Promise<Record<string, number>>;

const handlers = new Map<string, CalendarChangeHandler>();

/** Registers (or replaces) the handler called `name`. */
export function onCalendarChange(name: string, handler: CalendarChangeHandler): void {
	handlers.set(name, handler);
}

/**
 * Runs every handler in `tx`. With none registered the change is refused: a calendar saved
 * without its effects would leave notices ending on the wrong day, silently.
 */
export async function calendarChanged(
	tx: Tx,
	calendar: OfficialCalendar
): Promise<Record<string, number>> {
	if (handlers.size === 0) throw new Error('calendar change handlers not registered');
	const figures: Record<string, number> = {};
	for (const handler of handlers.values()) Object.assign(figures, await handler(tx, calendar));
	return figures;
}

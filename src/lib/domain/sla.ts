/**
 * Service levels of the approval chains: how many working days an organisation has for the step
 * it holds, and whether an application waiting in its queue is late. Pure; server and UI share it.
 *
 * The notice sets no review deadlines, so these are the platform's own (the city office may
 * tighten them): 5 working days per review step, 10 for a committee (it meets in sessions), 10 for
 * the city office to confer a batch, 10 for an employer to mail the original paper certificate
 * after a reconfirmation is approved, 5 for the office to record its receipt. Periods that end by
 * themselves (publicity, invalidation notice) and steps of the applicant have no service level.
 *
 * Waiting time is counted like every period of the notice: the working days in (entered, today],
 * so an application that arrived today waits 0 days. It is overdue once it waits MORE than its
 * limit: submitted on a Monday with a 5-day limit, it is due the following Monday and overdue on
 * the Tuesday.
 */
import type { State } from './procedures.js';
import { dayNumber, fromDayNumber, type WorkingDayCalendar } from './working-days.js';

export const SLA_WORKING_DAYS: Readonly<Partial<Record<State, number>>> = {
	awaitingEmployer: 5,
	awaitingSupervisor: 5,
	awaitingSeriesOffice: 5,
	awaitingTierOffice: 5,
	awaitingCommittee: 10,
	awaitingConferral: 10,
	awaitingPaperMailing: 10,
	awaitingPaperReceipt: 5
};

/** States whose service level is counted; the queue's overdue filter covers exactly these. */
export const SLA_STATES = Object.keys(SLA_WORKING_DAYS) as State[];

export function slaLimit(state: string): number | null {
	return SLA_WORKING_DAYS[state as State] ?? null;
}

export type SlaLevel = 'none' | 'ok' | 'dueToday' | 'overdue';

export interface SlaStatus {
	level: SlaLevel;
	/** Working days waited so far (0 on the day it arrived). */
	waiting: number;
	limit: number | null;
	/** Working days left before it is overdue (negative once overdue); null without a limit. */
	remaining: number | null;
}

export function slaStatus(state: string, waiting: number): SlaStatus {
	const limit = slaLimit(state);
	if (limit === null) return { level: 'none', waiting, limit, remaining: null };
	const remaining = limit - waiting;
	const level = remaining < 0 ? 'overdue' : remaining === 0 ? 'dueToday' : 'ok';
	return { level, waiting, limit, remaining };
}

/** Working days from the day an application entered its state (China date) to today. */
export function waitingDays(calendar: WorkingDayCalendar, enteredOn: string, today: string) {
	return Math.max(0, calendar.workingDaysBetween(enteredOn, today));
}

/**
 * The first China date on which an arrival is NOT yet overdue with `limit` today: an application
 * that entered its state on an earlier date is overdue. Lets a database filter on a timestamp.
 */
export function overdueBefore(calendar: WorkingDayCalendar, today: string, limit: number): string {
	// Walk back to the latest day that already waited more than `limit`; then the day after it.
	let day = dayNumber(today);
	while (calendar.workingDaysBetween(fromDayNumber(day), today) <= limit) day--;
	return fromDayNumber(day + 1);
}

/** Chinese text for a badge: "已逾期 2 个工作日", "今日到期", "剩 3 个工作日". */
export function slaLabel(status: SlaStatus): string {
	switch (status.level) {
		case 'none':
			return '';
		case 'overdue':
			return `已逾期 ${-(status.remaining ?? 0)} 个工作日`;
		case 'dueToday':
			return '今日到期';
		case 'ok':
			return `剩 ${status.remaining} 个工作日`;
	}
}

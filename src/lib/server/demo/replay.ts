import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ProcedureEvent } from '#lib/domain/procedures.js';
import { fromDayNumber, dayNumber } from '#lib/domain/working-days.js';
import { workingDayCalendar } from '../calendar/working-day-calendar.js';
import {
	transitionApplication,
	type TransitionActor,
	type TransitionInput
} from '../applications/transition-application.js';
import { actorOf } from '../auth/actor.js';
import { atTime } from '../clock.js';
import type { Tx } from '../db/index.js';
import { committeeSessions, users, type Application } from '../db/schema/index.js';

/**
 * Demo applications are not written: they are REPLAYED through `transitionApplication`, each
 * move with the clock stopped at its moment in the past. States, versions, assignees, seals,
 * periods, notifications, certificates and audit entries are the product's own.
 */
export interface Move {
	event: ProcedureEvent;
	/** 'applicant', 'system' or a staff username. */
	by: string;
	/** Working days before today. */
	daysAgo: number;
	opinion?: string;
	/** Committee decision: the session's vote, recorded as the committee's form records it. */
	vote?: {
		sessionName: (heldOn: string) => string;
		membersPresent: number;
		votesFor: number;
		abstentions: number;
	};
	patch?: TransitionInput['patch'];
}

/** The date `n` working days before `today` (a working day itself). */
export function workingDaysBefore(today: string, n: number): string {
	const calendar = workingDayCalendar();
	let day = dayNumber(today);
	while (
		calendar.workingDaysBetween(fromDayNumber(day), today) < n ||
		!calendar.isWorkingDay(fromDayNumber(day))
	)
		day--;
	return fromDayNumber(day);
}

/** The i-th move of a day, at an office hour of that day in China time. */
export function momentOf(today: string, move: Move, i: number): Date {
	const on = workingDaysBefore(today, move.daysAgo);
	const hh = String(9 + (i % 8)).padStart(2, '0');
	return new Date(`${on}T${hh}:${String(10 + i).padStart(2, '0')}:00+08:00`);
}

async function actorFor(tx: Tx, move: Move, applicantId: string): Promise<TransitionActor> {
	if (move.by === 'system') return 'system';
	if (move.by === 'applicant') return { kind: 'applicant', userId: applicantId };
	const [user] = await tx.select().from(users).where(eq(users.username, move.by));
	return actorOf(user, tx);
}

function voteInput(move: Move, heldOn: string, actor: TransitionActor): Partial<TransitionInput> {
	const v = move.vote;
	if (!v || actor === 'system' || actor.kind !== 'staff') return {};
	const sessionId = randomUUID();
	const sessionName = v.sessionName(heldOn);
	return {
		detail: {
			sessionId,
			sessionName,
			heldOn,
			membersPresent: v.membersPresent,
			votesFor: v.votesFor,
			votesAgainst: v.membersPresent - v.votesFor - v.abstentions,
			abstentions: v.abstentions
		},
		within: async (tx) => {
			await tx.insert(committeeSessions).values({
				id: sessionId,
				committeeId: actor.orgId,
				name: sessionName,
				heldOn,
				membersPresent: v.membersPresent
			});
		}
	};
}

/** Replays `moves` on the draft `app` in `tx`; returns the application as the last move left it. */
export async function replayMoves(
	tx: Tx,
	app: Application,
	moves: readonly Move[],
	today: string
): Promise<Application> {
	let current = app;
	for (const [i, move] of moves.entries()) {
		const at = momentOf(today, move, i);
		const actor = await actorFor(tx, move, app.applicantId);
		const input: TransitionInput = {
			event: move.event,
			expectedVersion: current.version,
			opinion: move.opinion,
			patch: move.patch,
			...voteInput(move, workingDaysBefore(today, move.daysAgo), actor)
		};
		current = await atTime(at, async () => {
			const { application } = await transitionApplication(actor, app.id, input, tx);
			return application;
		});
	}
	return current;
}

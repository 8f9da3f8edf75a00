import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import type { Actor } from '#lib/domain/policy.js';
import { db } from '../db/index.js';
import { committeeSessions } from '../db/schema/index.js';
import { transitionApplication } from './transition-application.js';

export interface Vote {
	sessionName: string;
	heldOn: string;
	membersPresent: number;
	votesFor: number;
	votesAgainst: number;
	abstentions: number;
}

/** A result passes with at least two thirds of the members present voting for it. */
export function passes(v: Pick<Vote, 'membersPresent' | 'votesFor'>): boolean {
	return v.votesFor * 3 >= v.membersPresent * 2;
}

function checkVote(v: Vote): void {
	const errors: Record<string, string> = {};
	const ints = [v.membersPresent, v.votesFor, v.votesAgainst, v.abstentions];
	if (!ints.every((n) => Number.isInteger(n) && n >= 0)) errors.votes = '票数须为非负整数';
	else if (v.membersPresent < 1) errors.membersPresent = '请填写出席委员人数';
	else if (v.votesFor + v.votesAgainst + v.abstentions !== v.membersPresent) {
		errors.votes = '赞成、反对、弃权票数之和应等于出席委员人数';
	}
	if (v.sessionName.trim().length < 2) errors.sessionName = '请填写评审会议名称';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(v.heldOn)) errors.heldOn = '请填写会议日期';
	if (Object.keys(errors).length) throw new AppError('VALIDATION', errors);
}

/**
 * Records a committee's vote on one application within a session and moves it on. A new
 * session row is written inside the transition's transaction, so a refused or conflicting
 * decision leaves nothing behind.
 */
export async function recordCommitteeDecision(
	actor: Actor,
	applicationId: string,
	expectedVersion: number,
	vote: Vote
) {
	checkVote(vote);
	if (actor.kind !== 'staff' || actor.orgType !== 'committee') throw new AppError('FORBIDDEN');
	const name = vote.sessionName.trim();
	const [existing] = await db()
		.select({ id: committeeSessions.id })
		.from(committeeSessions)
		.where(
			and(
				eq(committeeSessions.committeeId, actor.orgId),
				eq(committeeSessions.name, name),
				eq(committeeSessions.heldOn, vote.heldOn)
			)
		);
	const sessionId = existing?.id ?? randomUUID();
	const passed = passes(vote);
	return transitionApplication(actor, applicationId, {
		event: { type: 'committeeDecide', passed },
		expectedVersion,
		opinion: passed ? '评审通过' : '评审未通过',
		detail: {
			sessionId,
			sessionName: name,
			heldOn: vote.heldOn,
			membersPresent: vote.membersPresent,
			votesFor: vote.votesFor,
			votesAgainst: vote.votesAgainst,
			abstentions: vote.abstentions
		},
		within: async (tx) => {
			if (existing) return;
			await tx.insert(committeeSessions).values({
				id: sessionId,
				committeeId: actor.orgId,
				name,
				heldOn: vote.heldOn,
				membersPresent: vote.membersPresent
			});
		}
	});
}

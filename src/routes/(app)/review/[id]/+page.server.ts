import { redirect } from '@sveltejs/kit';
import type { Actor } from '#lib/domain/policy.js';
import { route } from '#lib/routes.js';
import { chinaToday } from '#lib/server/applications/calendar.js';
import { recordCommitteeDecision } from '#lib/server/applications/committee.js';
import {
	CARRIERS,
	recordPaperMailing,
	recordPaperReceipt
} from '#lib/server/applications/paper-mailing.js';
import { parseQueueFilter, queueNeighbours, queueParams } from '#lib/server/applications/queue.js';
import { decide, type Decision } from '#lib/server/applications/review.js';
import { viewApplication } from '#lib/server/applications/view.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	if (actor.kind === 'applicant') redirect(303, route.application({ id: params.id }));
	const view = await viewApplication(actor, params.id);
	const filter = parseQueueFilter(url.searchParams);
	const around = await queueNeighbours(actor, params.id, filter);
	return {
		...view,
		around,
		queueParams: queueParams(filter),
		carriers: CARRIERS,
		today: chinaToday()
	};
};

const version = (d: FormData) => Number(str(d, 'version') || NaN);
const count = (d: FormData, k: string) =>
	/^\d{1,4}$/.test(str(d, k).trim()) ? Number(str(d, k)) : NaN;

/** One form action: the signed-in actor, the posted form, one use case, a Chinese confirmation. */
function act(done: string, run: (actor: Actor, data: FormData, id: string) => Promise<unknown>) {
	return async ({ locals, request, url, params }: RequestEvent) => {
		const actor = requireActor(locals, url);
		const data = await request.formData();
		return attempt(data, async () => {
			await run(actor, data, params.id);
			return { done };
		});
	};
}

const decision = (kind: Decision, done: string) =>
	act(done, (actor, d, id) =>
		decide(actor, id, {
			decision: kind,
			expectedVersion: version(d),
			opinion: str(d, 'opinion'),
			returnSections: d.getAll('section').filter((s): s is string => typeof s === 'string')
		})
	);

export const actions: Actions = {
	approve: decision('approve', '已审核通过并加盖电子印章。'),
	return: decision('return', '已退回申请人修改。'),
	reject: decision('reject', '已作出不予通过的决定。'),
	decide: act('评审结果已录入。', (actor, d, id) =>
		recordCommitteeDecision(actor, id, version(d), {
			sessionName: str(d, 'sessionName'),
			heldOn: str(d, 'heldOn'),
			membersPresent: count(d, 'membersPresent'),
			votesFor: count(d, 'votesFor'),
			votesAgainst: count(d, 'votesAgainst'),
			abstentions: count(d, 'abstentions')
		})
	),
	mailed: act('已登记寄出原证书。', (actor, d, id) =>
		recordPaperMailing(actor, id, {
			expectedVersion: version(d),
			carrier: str(d, 'carrier'),
			trackingNumber: str(d, 'trackingNumber'),
			mailedOn: str(d, 'mailedOn')
		})
	),
	received: act('已登记签收原证书，办结。', (actor, d, id) =>
		recordPaperReceipt(actor, id, { expectedVersion: version(d), receivedOn: str(d, 'receivedOn') })
	)
};

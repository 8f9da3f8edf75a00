import { redirect } from '@sveltejs/kit';
import type { Actor } from '#lib/domain/policy.js';
import { route } from '#lib/routes.js';
import { chinaToday } from '#lib/server/calendar/working-day-calendar.js';
import { recordCommitteeDecision } from '#lib/server/applications/record-committee-decision.js';
import {
	CARRIERS,
	recordPaperMailing,
	recordPaperReceipt
} from '#lib/server/applications/paper-mailing.js';
import {
	parseQueueFilter,
	queueNeighbours,
	queueParams
} from '#lib/server/applications/list-queue.js';
import { decide, type Decision } from '#lib/server/applications/decide-application.js';
import { viewApplication } from '#lib/server/applications/get-application.js';
import { certificateOfApplication } from '#lib/server/certificates/queries.js';
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
		today: chinaToday(),
		certificate: (await certificateOfApplication(view.application.id)) ?? null
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

/** Approving; a final approval names the certificate it issued. */
const approve = async ({ locals, request, url, params }: RequestEvent) => {
	const actor = requireActor(locals, url);
	const data = await request.formData();
	return attempt(data, async () => {
		const outcome = await decide(actor, params.id, {
			decision: 'approve',
			expectedVersion: version(data),
			opinion: str(data, 'opinion')
		});
		const issued = outcome.effects.some((e) => e.type === 'issueCertificate')
			? await certificateOfApplication(params.id)
			: undefined;
		return {
			done: issued
				? `已审核通过并加盖电子印章，已签发职称电子证书（证书编号 ${issued.certificateNo}，管理号 ${issued.managementNo}）。`
				: '已审核通过并加盖电子印章。'
		};
	});
};

export const actions: Actions = {
	approve,
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

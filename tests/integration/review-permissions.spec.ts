import { isRedirect } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import type { Actor, OrgType } from '../../src/lib/domain/policy.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	applicationSteps,
	committeeSessions,
	organisations
} from '../../src/lib/server/db/schema/index.js';
import { decide } from '../../src/lib/server/applications/decide-application.js';
import { recordPaperMailing } from '../../src/lib/server/applications/paper-mailing.js';
import {
	actions as detailActions,
	load as detailLoad
} from '../../src/routes/(app)/review/[id]/+page.server.js';
import { load as applicantLoad } from '../../src/routes/(app)/applications/[id]/+page.server.js';
import { actions as queueActions } from '../../src/routes/(app)/review/+page.server.js';
import { actions as conferralActions } from '../../src/routes/(app)/review/conferral/+page.server.js';
import { GET as attachmentGet } from '../../src/routes/(app)/applications/[id]/attachments/[attachmentId]/+server.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import { employerWithApplicant, platform, reload, submitted } from '../helpers/applications.js';

/**
 * The permission matrix through the HTTP form layer: every organisation type (admin and
 * reviewer) and another applicant, posting every review action the UI has against
 * applications of ANOTHER organisation's chain, in every step state. Nothing may move, no step
 * may be written, and the answer is a refusal — 403, or 409 for the city office, which may
 * look at every application but acts only on the steps that are its own.
 */
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(() => handle.drop());

type Form = Record<string, string | string[]>;

function event(actor: Actor, path: string, params: Record<string, string>, form?: Form) {
	const url = new URL(`http://localhost${path}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(form ?? {}))
		for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
	return {
		locals: { actor, user: null, session: null },
		url,
		params,
		request: new Request(url, form ? { method: 'POST', body } : {})
	} as never;
}

/** The status the form layer answered with: a fail() status, a thrown AppError's, or 200. */
async function status(run: () => unknown): Promise<number> {
	try {
		const result = (await run()) as { status?: number } | undefined;
		return result && typeof result.status === 'number' ? result.status : 200;
	} catch (e) {
		if (e instanceof AppError) return e.status;
		if (isRedirect(e)) return e.status;
		throw e;
	}
}

const approve = (actor: Actor, app: { id: string; version: number }) =>
	decide(actor, app.id, { decision: 'approve', expectedVersion: app.version, opinion: '同意' });

/** One county-tier chain with an application waiting at every step. */
async function chain() {
	const who = await employerWithApplicant('liujiang');
	const at = async (kind: 'recognition' | 'evaluation' | 'reconfirmation', steps: Actor[]) => {
		let app = await submitted(kind, who);
		for (const actor of steps) app = (await approve(actor, app)).application;
		return app;
	};
	const e = who.employer.actor;
	const s = who.supervisor.actor;
	const apps = [
		await at('recognition', []),
		await at('recognition', [e]),
		await at('recognition', [e, s]),
		await at('evaluation', [e, s]),
		await at('evaluation', [e, s, offices.seriesOffice.actor]),
		await at('reconfirmation', [e, s, offices.county.actor])
	];
	const mailed = await at('reconfirmation', [e, s, offices.county.actor]);
	apps.push(
		(
			await recordPaperMailing(e, mailed.id, {
				expectedVersion: mailed.version,
				carrier: '顺丰速运',
				trackingNumber: 'SF1234567890',
				mailedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
			})
		).application
	);
	return { who, apps };
}

/** Organisations outside that chain, of every type; the city office is the platform's own. */
async function outsiders(): Promise<{ label: string; actor: Actor; city: boolean }[]> {
	const list: { label: string; actor: Actor; city: boolean }[] = [];
	const types: OrgType[] = ['employer', 'supervisor', 'seriesOffice', 'countyOffice', 'committee'];
	for (const type of types)
		for (const role of ['admin', 'reviewer'] as const) {
			const org = await makeOrg(type, {
				role,
				tier: type === 'countyOffice' ? 'rongan' : undefined
			});
			if (type === 'seriesOffice' || type === 'committee')
				await db()
					.update(organisations)
					.set({ series: 'health' })
					.where(eq(organisations.id, org.orgId));
			list.push({ label: `${type}/${role}`, actor: org.actor, city: false });
		}
	list.push({ label: 'cityOffice/admin', actor: offices.city.actor, city: true });
	const other = await employerWithApplicant('liujiang');
	list.push({ label: 'another applicant', actor: other.applicant.actor, city: false });
	return list;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const forms = (version: number): [string, Form][] => [
	['approve', { version: String(version), action: 'approve', opinion: '同意' }],
	[
		'return',
		{ version: String(version), action: 'return', opinion: '请修改', section: ['attachments'] }
	],
	['reject', { version: String(version), action: 'reject', opinion: '不符合条件' }],
	[
		'decide',
		{
			version: String(version),
			sessionName: '越权评审会',
			heldOn: today(),
			membersPresent: '3',
			votesFor: '3',
			votesAgainst: '0',
			abstentions: '0'
		}
	],
	[
		'mailed',
		{
			version: String(version),
			carrier: '顺丰速运',
			trackingNumber: 'SF9999999999',
			mailedOn: today()
		}
	],
	['received', { version: String(version), receivedOn: today() }]
];

describe(`review permissions through the form layer (${backend})`, () => {
	it('every role × every review action × another organisation’s application in every step → refused, nothing written', async () => {
		const { apps } = await chain();
		const people = await outsiders();
		const stepsBefore = await db()
			.select({ n: sql<number>`count(*)::int` })
			.from(applicationSteps);
		let checked = 0;
		for (const who of people) {
			for (const app of apps) {
				const path = `/review/${app.id}`;
				for (const [name, form] of forms(app.version)) {
					const action = detailActions[name as keyof typeof detailActions]!;
					const code = await status(() =>
						action(event(who.actor, `${path}?/${name}`, { id: app.id }, form))
					);
					const allowed = who.city ? [403, 409] : [403];
					expect(allowed, `${who.label} ${name} on ${app.state} → ${code}`).toContain(code);
					checked++;
				}
				// Looking is refused too, except for the city office.
				const view = await status(() => detailLoad(event(who.actor, path, { id: app.id })));
				const applicant = who.actor.kind === 'applicant';
				// An applicant is sent to the applicant's page, which refuses them there.
				expect(view, `${who.label} views ${app.state}`).toBe(
					who.city ? 200 : applicant ? 303 : 403
				);
				if (applicant) {
					const own = await status(() =>
						applicantLoad(event(who.actor, `/applications/${app.id}`, { id: app.id }))
					);
					expect(own).toBe(403);
				}
				const file = (app.content as { attachments: { id: string }[] }).attachments[0].id;
				const download = await status(() =>
					attachmentGet(
						event(who.actor, `/applications/${app.id}/attachments/${file}`, {
							id: app.id,
							attachmentId: file
						})
					)
				);
				// The city office may look; the file itself was never uploaded in this test (404).
				expect(download, `${who.label} downloads`).toBe(who.city ? 404 : 403);
			}
			// Bulk approve of every one of them: all skipped.
			const bulk = await queueActions.bulkApprove(
				event(
					who.actor,
					'/review?/bulkApprove',
					{},
					{
						opinion: '同意',
						item: apps.map((a) => `${a.id}.${a.version}`)
					}
				)
			);
			const outcome = bulk as { status?: number; bulk?: { approved: unknown[] } };
			if (outcome.status) expect(outcome.status).toBe(403);
			else expect(outcome.bulk?.approved).toEqual([]);
			// Conferral is the city office's alone.
			if (!who.city) {
				const confer = await status(() =>
					conferralActions.confer(
						event(
							who.actor,
							'/review/conferral?/confer',
							{},
							{
								documentNumber: '柳职改字〔2026〕99号',
								conferredOn: today(),
								applicationId: apps.map((a) => a.id)
							}
						)
					)
				);
				expect(confer).toBe(403);
			}
		}
		expect(checked).toBe(people.length * apps.length * 6);
		for (const app of apps) {
			const now = await reload(app.id);
			expect(now.version, `${app.state} unchanged`).toBe(app.version);
			expect(now.state).toBe(app.state);
		}
		const stepsAfter = await db()
			.select({ n: sql<number>`count(*)::int` })
			.from(applicationSteps);
		expect(stepsAfter[0].n).toBe(stepsBefore[0].n);
		// A refused committee decision leaves no session behind either.
		expect(
			await db().select().from(committeeSessions).where(eq(committeeSessions.name, '越权评审会'))
		).toEqual([]);
	}, 90_000); // some 300 refused requests: ~25 s on PostgreSQL on a busy 2-core machine

	it('the organisation that holds the step may act through the same form', async () => {
		const { who, apps } = await chain();
		const app = apps[0];
		const result = await detailActions.approve!(
			event(
				who.employer.actor,
				`/review/${app.id}?/approve`,
				{ id: app.id },
				{
					version: String(app.version),
					action: 'approve',
					opinion: '同意推荐'
				}
			)
		);
		expect(result).toEqual({ done: '已审核通过并加盖电子印章。' });
		expect((await reload(app.id)).state).toBe('awaitingSupervisor');
		// The same post again (stale version): a conflict, told in Chinese.
		const again = (await detailActions.approve!(
			event(
				who.employer.actor,
				`/review/${app.id}?/approve`,
				{ id: app.id },
				{
					version: String(app.version),
					action: 'approve',
					opinion: '同意推荐'
				}
			)
		)) as { status: number; data: { code: string; message: string } };
		expect(again.status).toBe(409);
		expect(again.data.code).toBe('CONFLICT');
		expect(again.data.message).toMatch(/其他人处理|他人修改/);
	});
});

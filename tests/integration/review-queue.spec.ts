import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import type { ProcedureKind } from '../../src/lib/domain/procedures.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { applications, applicationSteps, auditLog } from '../../src/lib/server/db/schema/index.js';
import { bulkApprove, decide } from '../../src/lib/server/applications/decide-application.js';
import {
	listQueue,
	queueCounts,
	queueNeighbours,
	type QueueFilter
} from '../../src/lib/server/applications/list-queue.js';
import { submitApplication } from '../../src/lib/server/applications/submit-application.js';
import { transitionApplication } from '../../src/lib/server/applications/transition-application.js';
import { viewApplication } from '../../src/lib/server/applications/get-application.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import { completeDraft, employerWithApplicant, platform, reload } from '../helpers/applications.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterEach(() => setClock(undefined));
afterAll(() => handle.drop());

type Who = Awaited<ReturnType<typeof employerWithApplicant>>;

/** China 10:00 on `date`. */
const at = (date: string) => setClock(() => new Date(`${date}T02:00:00Z`));

async function submit(
	who: Who,
	kind: ProcedureKind,
	opts: {
		series?: string;
		level?: 'junior' | 'intermediate' | 'senior';
		qualification?: string;
	} = {}
) {
	const id = randomUUID();
	const content = completeDraft(kind, {
		name: who.applicant.user.name,
		idNumber: who.applicant.idNumber,
		mobile: who.applicant.mobile,
		employerId: who.employer.orgId,
		...opts
	});
	await db()
		.insert(applications)
		.values({
			id,
			applicantId: who.applicant.user.id,
			kind,
			level: opts.level ?? 'intermediate',
			series: opts.series ?? 'engineering',
			applicantName: who.applicant.user.name,
			content: content as unknown as Record<string, unknown>
		});
	return (await submitApplication(who.applicant.actor, id, 1)).application;
}

async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
}

const ids = async (actor: Who['employer']['actor'], filter: QueueFilter = {}) =>
	(await listQueue(actor, filter, { limit: 100 })).rows.map((r) => r.id);

describe(`reviewer queues (${backend})`, () => {
	it('an organisation sees only applications it must act on now; another organisation never sees them', async () => {
		const a = await employerWithApplicant();
		const b = await employerWithApplicant();
		const appA = await submit(a, 'recognition');
		const appB = await submit(b, 'recognition');
		expect(await ids(a.employer.actor)).toEqual([appA.id]);
		expect(await ids(b.employer.actor)).toEqual([appB.id]);
		// Searching by the other's number or name finds nothing either.
		expect(await ids(a.employer.actor, { q: appB.number! })).toEqual([]);
		expect(await ids(a.supervisor.actor)).toEqual([]);
		expect(await ids(offices.county.actor)).not.toContain(appA.id);

		await decide(a.employer.actor, appA.id, {
			decision: 'approve',
			expectedVersion: appA.version,
			opinion: '同意推荐'
		});
		expect(await ids(a.employer.actor)).toEqual([]);
		expect(await ids(a.supervisor.actor)).toEqual([appA.id]);
		expect(await ids(b.supervisor.actor)).toEqual([]);
		// Applicants have no queue.
		expect(await code(listQueue(a.applicant.actor, {}))).toBe('FORBIDDEN');
		// A pending employer has none either.
		const pending = await makeOrg('employer', { status: 'pending' });
		expect(await code(listQueue(pending.actor, {}))).toBe('ORGANISATION_PENDING');
	});

	it('filters by procedure, series, level, state and county; searches by name or number', async () => {
		const county = await employerWithApplicant('liujiang');
		const city = await employerWithApplicant('city');
		const toSeries = async (who: Who, opts: Parameters<typeof submit>[2]) => {
			let app = await submit(who, 'evaluation', opts);
			for (const actor of [who.employer.actor, who.supervisor.actor])
				app = (
					await decide(actor, app.id, {
						decision: 'approve',
						expectedVersion: app.version,
						opinion: '同意'
					})
				).application;
			return app;
		};
		const countyEng = await toSeries(county, {});
		const cityEng = await toSeries(city, { level: 'junior', qualification: '助理工程师' });
		const office = offices.seriesOffice.actor;
		const mine = [countyEng.id, cityEng.id].sort();
		expect((await ids(office)).sort()).toEqual(mine);
		expect(await ids(office, { tier: 'liujiang' })).toEqual([countyEng.id]);
		expect(await ids(office, { tier: 'city' })).toEqual([cityEng.id]);
		expect(await ids(office, { level: 'junior' })).toEqual([cityEng.id]);
		expect(await ids(office, { kind: 'recognition' })).toEqual([]);
		expect((await ids(office, { kind: 'evaluation', series: 'engineering' })).sort()).toEqual(mine);
		expect(await ids(office, { series: 'health' })).toEqual([]);
		expect((await ids(office, { state: 'awaitingSeriesOffice' })).sort()).toEqual(mine);
		expect(await ids(office, { state: 'awaitingEmployer' })).toEqual([]);
		// Search: a part of the name, the number in any case; % and _ are literal.
		expect((await ids(office, { q: '志' })).sort()).toEqual(mine);
		expect(await ids(office, { q: cityEng.number!.toLowerCase() })).toEqual([cityEng.id]);
		expect(await ids(office, { q: '%' })).toEqual([]);
		const counts = await queueCounts(office);
		expect(counts.awaitingSeriesOffice).toBe(2);
	});

	it('sorts by waiting time in official working days, flags and filters overdue applications', async () => {
		const who = await employerWithApplicant();
		at('2026-02-09'); // Monday
		const oldest = await submit(who, 'recognition');
		at('2026-02-13'); // Friday before the Spring Festival
		const beforeHoliday = await submit(who, 'recognition');
		at('2026-02-25');
		const recent = await submit(who, 'recognition');

		at('2026-02-26'); // Thursday after the holiday
		const page = await listQueue(who.employer.actor, {});
		expect(page.rows.map((r) => r.id)).toEqual([oldest.id, beforeHoliday.id, recent.id]);
		// 02-10..02-13, the make-up Saturday 02-14, then 02-24, 02-25, 02-26.
		expect(page.rows.map((r) => r.waiting)).toEqual([8, 4, 1]);
		expect(page.rows.map((r) => r.sla.level)).toEqual(['overdue', 'ok', 'ok']);
		expect(page.rows[0].sla.remaining).toBe(-3);
		expect(page.rows.every((r) => r.approvable)).toBe(true);

		expect(await ids(who.employer.actor, { overdue: true })).toEqual([oldest.id]);
		expect(await ids(who.employer.actor, { sort: 'recent' })).toEqual([
			recent.id,
			beforeHoliday.id,
			oldest.id
		]);
		at('2026-03-03');
		expect(await ids(who.employer.actor, { overdue: true })).toEqual([oldest.id, beforeHoliday.id]);
	});

	it('pages with a keyset cursor: no row twice, none lost when one leaves the queue meanwhile', async () => {
		const who = await employerWithApplicant();
		const made = [];
		for (let day = 2; day <= 6; day++) {
			at(`2026-03-0${day}`);
			made.push(await submit(who, 'recognition'));
		}
		const first = await listQueue(who.employer.actor, {}, { limit: 2 });
		expect(first.rows.map((r) => r.id)).toEqual([made[0].id, made[1].id]);
		expect(first.next).toBeTruthy();
		// Someone approves the first row while the reviewer reads page one.
		await decide(who.employer.actor, made[0].id, {
			decision: 'approve',
			expectedVersion: made[0].version,
			opinion: '同意'
		});
		const second = await listQueue(who.employer.actor, { after: first.next! }, { limit: 2 });
		expect(second.rows.map((r) => r.id)).toEqual([made[2].id, made[3].id]);
		const third = await listQueue(who.employer.actor, { after: second.next! }, { limit: 2 });
		expect(third.rows.map((r) => r.id)).toEqual([made[4].id]);
		expect(third.next).toBeNull();

		const around = await queueNeighbours(who.employer.actor, made[2].id, {});
		expect(around).toEqual({ previous: made[1].id, next: made[3].id });
		const reversed = await queueNeighbours(who.employer.actor, made[2].id, { sort: 'recent' });
		expect(reversed).toEqual({ previous: made[3].id, next: made[1].id });
	});

	it('bulk approve: one shared opinion, each moved separately; one changed meanwhile is skipped', async () => {
		const who = await employerWithApplicant();
		const apps = [
			await submit(who, 'recognition'),
			await submit(who, 'recognition'),
			await submit(who, 'recognition')
		];
		// A colleague returns the third before the bulk action arrives.
		await decide(who.employer.actor, apps[2].id, {
			decision: 'return',
			expectedVersion: apps[2].version,
			opinion: '学历证书不清晰',
			returnSections: ['attachments']
		});
		const stranger = await employerWithApplicant();
		const foreign = await submit(stranger, 'recognition');
		expect(await code(bulkApprove(who.employer.actor, [], '同意'))).toBe('VALIDATION');
		expect(await code(bulkApprove(who.employer.actor, [{ id: apps[0].id, version: 2 }], ''))).toBe(
			'VALIDATION'
		);

		const result = await bulkApprove(
			who.employer.actor,
			[...apps, foreign].map((a) => ({ id: a.id, version: a.version })),
			'经审核，情况属实，同意推荐。'
		);
		expect(result.approved.map((a) => a.id)).toEqual([apps[0].id, apps[1].id]);
		expect(result.skipped.map((s) => s.id)).toEqual([apps[2].id, foreign.id]);
		expect(result.skipped[0].reason).toBe('已被他人处理或内容已变化');
		// Another organisation's application: skipped without revealing whose it is.
		expect(result.skipped[1]).toMatchObject({ applicantName: '', number: null });
		expect((await reload(foreign.id)).state).toBe('awaitingEmployer');

		for (const app of apps.slice(0, 2)) {
			expect((await reload(app.id)).state).toBe('awaitingSupervisor');
			const steps = await db()
				.select()
				.from(applicationSteps)
				.where(
					and(eq(applicationSteps.applicationId, app.id), eq(applicationSteps.event, 'approve'))
				);
			expect(steps).toHaveLength(1);
			expect(steps[0].opinion).toBe('经审核，情况属实，同意推荐。');
			expect(steps[0].seal).toBeTruthy();
			const audits = await db()
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.objectId, app.id), eq(auditLog.action, 'application.approve')));
			expect(audits.filter((a) => a.result === 'ok')).toHaveLength(1);
		}
	});

	it('return requires sections of this procedure; the view shows them and every seal verified', async () => {
		const who = await employerWithApplicant();
		const app = await submit(who, 'recognition');
		expect(
			await code(
				decide(who.employer.actor, app.id, {
					decision: 'return',
					expectedVersion: app.version,
					opinion: '请补充材料',
					returnSections: []
				})
			)
		).toBe('VALIDATION');
		expect(
			await code(
				decide(who.employer.actor, app.id, {
					decision: 'return',
					expectedVersion: app.version,
					opinion: '请补充材料',
					returnSections: ['achievements'] // evaluation only
				})
			)
		).toBe('VALIDATION');
		const approved = await decide(who.employer.actor, app.id, {
			decision: 'approve',
			expectedVersion: app.version,
			opinion: '同意推荐'
		});
		await transitionApplication(who.supervisor.actor, app.id, {
			event: { type: 'return' },
			expectedVersion: approved.application.version,
			opinion: '工作经历时间不连续',
			returnSections: ['workHistory', 'attachments']
		});
		const seen = await viewApplication(who.applicant.actor, app.id);
		expect(seen.application.state).toBe('returned');
		expect(seen.lastReturn?.returnSections.map((s) => s.title)).toEqual(['工作经历', '证明材料']);
		expect(seen.steps.find((s) => s.event === 'approve')?.seal?.valid).toBe(true);
		// The applicant sees organisations, not the reviewers' names.
		expect(seen.steps.every((s) => s.reviewerName === null)).toBe(true);
		const staff = await viewApplication(who.employer.actor, app.id);
		expect(staff.steps.find((s) => s.event === 'approve')?.reviewerName).toBe('测试员');
		// ID number masked 6 + 4 on the staff screen.
		const idFact = staff.sections[0].facts.find((f) => f.label === '身份证号')!;
		expect(idFact.value).toBe(
			`${who.applicant.idNumber.slice(0, 6)}********${who.applicant.idNumber.slice(-4)}`
		);
		expect(JSON.stringify(staff)).not.toContain(who.applicant.idNumber);
		// Another employer may not even look.
		const other = await makeOrg('employer');
		expect(await code(viewApplication(other.actor, app.id))).toBe('FORBIDDEN');
	});
});

describe(`waiting time in a provisional year (${backend})`, () => {
	it('marks the working-day count 暂定 when it reaches into a year whose schedule is not confirmed', async () => {
		const who = await employerWithApplicant();
		at('2026-12-28');
		const app = await submit(who, 'recognition');
		at('2026-12-30');
		let row = (await listQueue(who.employer.actor, {}, { limit: 100 })).rows.find(
			(r) => r.id === app.id
		)!;
		expect(row.provisional).toBe(false);
		// 2027 has no confirmed official schedule yet: Monday–Friday, shown as provisional.
		at('2027-01-06');
		row = (await listQueue(who.employer.actor, {}, { limit: 100 })).rows.find(
			(r) => r.id === app.id
		)!;
		expect(row.provisional).toBe(true);
		expect(row.waiting).toBe(7);
		expect((await viewApplication(who.employer.actor, app.id)).provisional).toBe(true);
	});
});

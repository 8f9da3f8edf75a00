/**
 * The reviewer-queue benchmark's body (bench/queue.js spawns it with tsx and reads the JSON
 * rows it prints last). In a fresh PostgreSQL schema, dropped afterwards:
 *   1. migrations, ~300 organisations, 100 000 applicants, 1 000 000 applications spread over
 *      every state the way a city accumulates them (most finished, ~15 % waiting somewhere);
 *   2. ANALYZE, then the reviewer queue page query — `queuePage` from list-queue.ts, the very code
 *      the page runs — 200 times for random organisations: p50 / p95, and the EXPLAIN of the
 *      same SQL (`queueQuery(...).toSQL()`) for the busiest queue, naming the indexes used;
 *   3. `transitionApplication` (approve, sealed, audited) by 32 concurrent reviewers of 32
 *      employers for a fixed time, with the audit sequencer running beside them every second as
 *      in the app: transitions per second and conflicts; then the audit log is verified.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_queue_${randomBytes(4).toString('hex')}`;
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 1_000_000);
const QUERIES = 200;
const REVIEWERS = 32;
const cores = (await import('node:os')).availableParallelism();
const TRANSITION_SECONDS = Number(process.env.BENCH_TRANSITION_SECONDS ?? 15);

process.env.MASTER_KEY ??= randomBytes(32).toString('base64');
process.env.DATABASE_POOL_SIZE = String(REVIEWERS + 8);

const { openDatabase, useDatabase } = await import('../src/lib/server/db/index.js');
const { queuePage, queueQuery } = await import('../src/lib/server/applications/list-queue.js');
const { transitionApplication } =
	await import('../src/lib/server/applications/transition-application.js');
const { chinaToday } = await import('../src/lib/server/calendar/working-day-calendar.js');
const { AppError } = await import('../src/lib/domain/errors.js');
const { sequenceAuditLog } = await import('../src/lib/server/audit/sequence-audit-log.js');
const { verifyAuditLog } = await import('../src/lib/server/audit/verify-audit-log.js');
// As the server does at start: a final approval issues its certificate.
(await import('../src/lib/server/certificates/register-effects.js')).registerCertificateEffects();

const log = (s: string) => process.stderr.write(`  queue bench: ${s}\n`);
const ms = (t0: number) => performance.now() - t0;
const percentile = (xs: number[], p: number) =>
	[...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const sql = postgres(url, {
	max: 2,
	onnotice: () => {},
	connection: { search_path: schema }
});
const handle = await openDatabase({ url, pgSchema: schema });
useDatabase(handle);

async function populate() {
	let t0 = performance.now();
	await sql.unsafe(`
		insert into organisations (type, name, tier, status) values ('cityOffice', '市职改办', 'city', 'active');
		insert into organisations (type, name, tier, status)
			select 'countyOffice', t || '职改办', t, 'active'
			from unnest(array['chengzhong','yufeng','liunan','liubei','liujiang','liucheng','luzhai','rongan','rongshui','sanjiang']) t;
		insert into organisations (type, name, tier, series, status)
			select k, s || (case k when 'seriesOffice' then '系列职改办' else '评委会' end), 'city', s, 'active'
			from unnest(array['engineering','health','teacher','economics','accounting','agriculture']) s,
			     unnest(array['seriesOffice','committee']) k;
		insert into organisations (type, name, tier, status)
			select 'supervisor', '主管部门' || g, 'city', 'active' from generate_series(1, 20) g;
		create temp table bench_sup as
			select row_number() over (order by id) - 1 as idx, id from organisations where type = 'supervisor';
		insert into organisations (type, name, tier, supervisor_id, credit_code, status)
			select 'employer', '用人单位' || g,
				(array['city','chengzhong','yufeng','liunan','liubei','liujiang','liucheng','luzhai','rongan','rongshui','sanjiang'])[1 + g % 11],
				(select id from bench_sup where idx = g % 20), 'BENCH' || lpad(g::text, 13, '0'), 'active'
			from generate_series(1, 257) g;
		create temp table bench_emp as
			select row_number() over (order by o.id) - 1 as idx, o.id, o.tier, o.supervisor_id as sup,
				coalesce(c.id, (select id from organisations where type = 'cityOffice')) as tier_office
			from organisations o left join organisations c on c.type = 'countyOffice' and c.tier = o.tier
			where o.type = 'employer';
		create temp table bench_series as
			select row_number() over (order by s.series) - 1 as idx, s.series, s.id as office, c.id as committee
			from organisations s join organisations c on c.type = 'committee' and c.series = s.series
			where s.type = 'seriesOffice';
		insert into users (kind, name, password_hash, id_number_hmac, mobile_hmac)
			select 'applicant', '申请人' || g, 'x', md5('id' || g), md5('m' || g) from generate_series(1, 100000) g;
		create temp table bench_applicant as
			select row_number() over (order by id) - 1 as idx, id from users where kind = 'applicant';
		create index on bench_applicant (idx);
	`);
	log(`organisations and applicants in ${(ms(t0) / 1000).toFixed(1)} s`);
	t0 = performance.now();
	// Pseudo-random but repeatable per row: r decides the state, w the time it entered it.
	await sql.unsafe(`
		set session_replication_role = replica; -- bulk load: skip per-row FK triggers
		insert into applications (id, number, applicant_id, employer_id, kind, level, series, qualification,
			applicant_name, tier, state, assignee_org_id, content, content_hash, version, review_started,
			submitted_at, state_changed_at, created_at, updated_at)
		select gen_random_uuid(), 'ZC' || upper(lpad(to_hex(g), 12, '0')), a.id, e.id, x.kind,
			case when x.kind = 'evaluation' then (array['junior','intermediate','senior'])[1 + g % 3]
				else (array['junior','intermediate'])[1 + g % 2] end,
			s.series, null,
			(array['王','李','张','刘','陈','杨','黄','赵','吴','周','覃','韦','莫','蒙','陆'])[1 + g % 15] ||
			(array['伟','芳','娜','敏','静','丽','强','磊','军','洋','志','海','燕','凯','红'])[1 + (g / 15) % 15] ||
			(array['','华','明','英','平','辉','玲','杰'])[1 + (g / 225) % 8],
			e.tier, x.state,
			case x.state
				when 'awaitingEmployer' then e.id
				when 'awaitingSupervisor' then e.sup
				when 'awaitingTierOffice' then e.tier_office
				when 'awaitingPaperMailing' then e.id
				when 'awaitingSeriesOffice' then s.office
				when 'awaitingCommittee' then s.committee
				when 'awaitingConferral' then (select id from organisations where type = 'cityOffice')
			end,
			jsonb_build_object('kind', x.kind, 'personal', jsonb_build_object('name', '申请人' || g), 'title', jsonb_build_object('series', s.series, 'specialty', '专业' || (g % 50))),
			md5(g::text) || md5((g + 1)::text), 2 + g % 5, x.state not in ('draft', 'awaitingEmployer'),
			now() - x.age, now() - x.age, now() - x.age - interval '3 days', now() - x.age
		from generate_series(1, ${APPLICATIONS}) g
		join bench_applicant a on a.idx = g % 100000
		join bench_emp e on e.idx = (g::bigint * 7919) % 257
		join bench_series s on s.idx = (g / 7) % 6
		cross join lateral (
			select r.kind,
				case
					when r.r < 60 then 'awaitingEmployer'
					when r.r < 100 then 'awaitingSupervisor'
					when r.r < 130 then case when r.kind = 'evaluation' then 'awaitingSeriesOffice' else 'awaitingTierOffice' end
					when r.r < 145 then case when r.kind = 'evaluation' then 'awaitingCommittee' else 'awaitingTierOffice' end
					when r.r < 150 then case r.kind when 'evaluation' then 'awaitingConferral' when 'reconfirmation' then 'awaitingPaperMailing' else 'approved' end
					when r.r < 170 then 'returned'
					when r.r < 200 then 'draft'
					when r.r < 230 then 'rejected'
					else case r.kind when 'evaluation' then 'conferred' when 'reconfirmation' then 'completed' else 'approved' end
				end as state,
				case when r.r < 150 then make_interval(secs => (g::bigint * 40503) % (60 * 86400))
					else make_interval(secs => (g::bigint * 40503) % (400 * 86400)) end as age
			from (select (g::bigint * 2654435761) % 1000 as r,
				(array['evaluation','evaluation','evaluation','evaluation','recognition','recognition','recognition','reconfirmation','reconfirmation','reissue'])[1 + g % 10] as kind) r
		) x;
		set session_replication_role = default;
	`);
	log(`${APPLICATIONS} applications in ${(ms(t0) / 1000).toFixed(1)} s`);
	t0 = performance.now();
	await sql.unsafe('analyze');
	log(`analyze in ${(ms(t0) / 1000).toFixed(1)} s`);
}

function indexNames(plan: unknown, out = new Set<string>()): Set<string> {
	if (Array.isArray(plan)) for (const p of plan) indexNames(p, out);
	else if (plan && typeof plan === 'object') {
		for (const [k, v] of Object.entries(plan)) {
			if (k === 'Index Name' && typeof v === 'string') out.add(v);
			else indexNames(v, out);
		}
	}
	return out;
}

async function measureQueue() {
	const orgs = await sql<{ id: string; type: string; n: number }[]>`
		select o.id, o.type, (select count(*)::int from applications a where a.assignee_org_id = o.id) n
		from organisations o`;
	const today = chinaToday();
	for (let i = 0; i < 10; i++) await queuePage(orgs[i % orgs.length].id, {}, { today });
	const times: number[] = [];
	for (let i = 0; i < QUERIES; i++) {
		const org = orgs[Math.floor(Math.random() * orgs.length)];
		const t0 = performance.now();
		await queuePage(org.id, {}, { today });
		times.push(ms(t0));
	}
	const busiest = orgs.reduce((a, b) => (b.n > a.n ? b : a));
	const statement = queueQuery(busiest.id, {}, 25, today).toSQL();
	const [row] = await sql.unsafe(
		`explain (analyze, buffers, format json) ${statement.sql}`,
		statement.params as never[]
	);
	const plan = (row as Record<string, unknown>)['QUERY PLAN'] as [{ 'Execution Time': number }];
	return {
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		busiest,
		indexes: [...indexNames(plan)].sort(),
		explainMs: plan[0]['Execution Time'],
		queueSizes: orgs.map((o) => o.n).sort((a, b) => a - b)
	};
}

async function measureTransitions() {
	const employers = await sql<{ id: string }[]>`
		select id from organisations where type = 'employer' order by id limit ${REVIEWERS}`;
	const reviewers = [];
	for (const [i, e] of employers.entries()) {
		const [u] = await sql<{ id: string }[]>`
			insert into users (kind, username, name, password_hash, organisation_id, role)
			values ('staff', ${`bench.reviewer${i}`}, '审核员', 'x', ${e.id}, 'reviewer') returning id`;
		const work = await sql<{ id: string; version: number }[]>`
			select id, version from applications
			where assignee_org_id = ${e.id} and state = 'awaitingEmployer'
			order by state_changed_at limit 1000`;
		reviewers.push({
			actor: {
				kind: 'staff' as const,
				userId: u.id,
				orgId: e.id,
				orgType: 'employer' as const,
				orgStatus: 'active' as const,
				role: 'reviewer' as const
			},
			work
		});
	}
	let done = 0;
	let conflicts = 0;
	const deadline = performance.now() + TRANSITION_SECONDS * 1000;
	const t0 = performance.now();
	const cpu0 = process.cpuUsage();
	const pg0 = await postgresCpuMs();
	let sequencing = true;
	const sequencer = (async () => {
		while (sequencing) {
			await sequenceAuditLog(handle.db, { publish: false });
			await new Promise((r) => setTimeout(r, 1000));
		}
	})();
	await Promise.all(
		reviewers.map(async ({ actor, work }) => {
			for (const app of work) {
				if (performance.now() > deadline) return;
				try {
					await transitionApplication(actor, app.id, {
						event: { type: 'approve' },
						expectedVersion: app.version,
						opinion: '经审核，情况属实，同意。'
					});
					done++;
				} catch (e) {
					if (e instanceof AppError && e.code === 'CONFLICT') conflicts++;
					else throw e;
				}
			}
		})
	);
	const seconds = ms(t0) / 1000;
	const cpu = process.cpuUsage(cpu0);
	const cpuMsEach = (cpu.user + cpu.system) / 1000 / Math.max(1, done);
	const pg1 = await postgresCpuMs();
	const pgCpuMsEach = pg0 === null || pg1 === null ? null : (pg1 - pg0) / Math.max(1, done);
	sequencing = false;
	await sequencer;
	await sequenceAuditLog(handle.db, { publish: false });
	const audit = await verifyAuditLog(handle.db);
	return { perSecond: done / seconds, done, conflicts, seconds, audit, cpuMsEach, pgCpuMsEach };
}

/**
 * CPU time used by the PostgreSQL server's processes (all of them: backends, WAL writer,
 * checkpointer), from /proc, when the server runs on this machine; null otherwise.
 */
async function postgresCpuMs(): Promise<number | null> {
	const { readdir, readFile } = await import('node:fs/promises');
	if (!/@(127\.0\.0\.1|localhost)[:/]/.test(url)) return null;
	let total = 0;
	let seen = 0;
	for (const pid of await readdir('/proc').catch(() => [] as string[])) {
		if (!/^\d+$/.test(pid)) continue;
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
		const close = stat.lastIndexOf(')');
		if (!stat.slice(0, close).includes('(postgres')) continue;
		const fields = stat.slice(close + 2).split(' ');
		// utime, stime (fields 14, 15 of stat; 12, 13 after the name), in clock ticks of 10 ms
		total += (Number(fields[11]) + Number(fields[12])) * 10;
		seen++;
	}
	return seen ? total : null;
}

/** BENCH_CPU_PROFILE=FILE: a CPU profile of the transitions alone (not the populate). */
async function profiled<T>(f: () => Promise<T>): Promise<T> {
	const file = process.env.BENCH_CPU_PROFILE;
	if (!file) return f();
	const { Session } = await import('node:inspector/promises');
	const { writeFile } = await import('node:fs/promises');
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	try {
		return await f();
	} finally {
		const { profile } = await session.post('Profiler.stop');
		await writeFile(file, JSON.stringify(profile));
		session.disconnect();
	}
}

const rows: { metric: string; value: number; unit: string; goal: string; ok?: boolean }[] = [];
try {
	await populate();
	const q = await measureQueue();
	log(
		`queue sizes: median ${percentile(q.queueSizes, 50)}, max ${q.busiest.n} (${q.busiest.type})`
	);
	const t = await profiled(measureTransitions);
	const used = q.indexes.join(', ') || 'none';
	rows.push(
		{
			metric: `queue page p50 (${APPLICATIONS.toLocaleString('en')} applications, ${QUERIES} random orgs)`,
			value: q.p50,
			unit: 'ms',
			goal: '—'
		},
		{
			metric: 'queue page p95',
			value: q.p95,
			unit: 'ms',
			goal: `≤ 30 ms · indexes: ${used}`,
			ok: q.p95 <= 30 && q.indexes.includes('applications_queue_idx')
		},
		{
			metric: `queue page, busiest queue (${q.busiest.type}, ${q.busiest.n} waiting) EXPLAIN ANALYZE`,
			value: q.explainMs,
			unit: 'ms',
			goal: `≤ 30 ms · indexes: ${used}`,
			ok: q.explainMs <= 30
		},
		{
			metric: `transitions/s, ${REVIEWERS} concurrent reviewers (approve: sealed + audited)`,
			value: t.perSecond,
			unit: '/s',
			goal: `≥ 500/s · ${t.done} in ${t.seconds.toFixed(1)} s, ${t.conflicts} conflicts, ${t.cpuMsEach.toFixed(2)} ms app CPU each`,
			ok: t.perSecond >= 500
		},
		...(t.pgCpuMsEach === null
			? []
			: [
					{
						// What the machine could do if nothing else ran on it: its cores' CPU time
						// divided by the app's and the server's CPU time per transition.
						metric: `transitions/s the ${cores} cores allow (CPU bound: ${t.cpuMsEach.toFixed(2)} ms app + ${t.pgCpuMsEach.toFixed(2)} ms PostgreSQL each)`,
						value: (cores * 1000) / (t.cpuMsEach + t.pgCpuMsEach),
						unit: '/s',
						goal: '≥ 500/s'
					}
				]),
		{
			metric: 'audit log after the transitions (sequenced, then verified)',
			value: t.audit.treeSize,
			unit: 'entries',
			goal: t.audit.ok ? 'verified intact' : `BROKEN: ${t.audit.reason}`,
			ok: t.audit.ok && t.audit.pending === 0
		}
	);
} finally {
	useDatabase(undefined);
	await handle.close();
	await sql.unsafe(`drop schema if exists "${schema}" cascade`);
	await sql.end({ timeout: 5 });
}
console.log(JSON.stringify(rows));

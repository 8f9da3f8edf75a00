/**
 * Prometheus metrics (prom-client, text format at `/metrics`, see routes/metrics/+server.ts).
 *
 * Per instance: request durations by route id (never the raw path: it carries certificate
 * tokens) and status; verifications by verdict and channel; sync uploads; the database pool.
 * Per cluster (read from the shared database at scrape time, the same on every instance): the
 * job queue's jobs by queue and state. Names and meanings are listed in the README.
 */
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { databaseKind, db } from '../db/index.js';
import { rowsOf } from '../db/rows-of.js';
import { DB_APPLICATION_NAME } from './instance.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'zhicheng_' });

export const httpDuration = new Histogram({
	name: 'zhicheng_http_request_duration_seconds',
	help: 'Time from the request reaching the app to the response headers, by route id and status.',
	labelNames: ['method', 'route', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

const verifications = new Counter({
	name: 'zhicheng_verifications_total',
	help: 'Verifications of certificates and archive forms, by verdict and channel.',
	labelNames: ['subject', 'verdict', 'channel'] as const,
	registers: [registry]
});

const syncUploads = new Counter({
	name: 'zhicheng_sync_upload_requests_total',
	help: 'Requests of the resumable upload (declare, chunk), by step and outcome.',
	labelNames: ['step', 'outcome'] as const,
	registers: [registry]
});

const syncUploadBytes = new Counter({
	name: 'zhicheng_sync_upload_bytes_total',
	help: 'Bytes accepted in upload chunks.',
	registers: [registry]
});

const syncUploadsCompleted = new Counter({
	name: 'zhicheng_sync_uploads_completed_total',
	help: 'Uploads whose last chunk arrived and whose SHA-256 was verified.',
	registers: [registry]
});

const syncDrafts = new Counter({
	name: 'zhicheng_sync_draft_pushes_total',
	help: 'Draft pushes (PUT /api/drafts/:id), by outcome.',
	labelNames: ['outcome'] as const,
	registers: [registry]
});

/** Bounds a scrape-time query: a saturated pool must not hang the scrape. */
const SCRAPE_QUERY_MS = 2000;

async function bounded<T>(work: Promise<T>): Promise<T | undefined> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), SCRAPE_QUERY_MS);
	});
	try {
		return await Promise.race([work.catch(() => undefined), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

new Gauge({
	name: 'zhicheng_db_pool_max_connections',
	help: 'Configured size of the database pool (DATABASE_POOL_SIZE; 1 for embedded PGlite).',
	labelNames: ['driver'] as const,
	registers: [registry],
	collect() {
		this.reset();
		const kind = safeKind();
		if (!kind) return;
		this.set(
			{ driver: kind },
			kind === 'pglite' ? 1 : Number(process.env.DATABASE_POOL_SIZE ?? 10)
		);
	}
});

new Gauge({
	name: 'zhicheng_db_pool_connections',
	help: "This instance's open pool connections by state (PostgreSQL pg_stat_activity; active = running a query, the scrape's own excluded).",
	labelNames: ['state'] as const,
	registers: [registry],
	async collect() {
		this.reset();
		const kind = safeKind();
		if (kind === 'pglite') {
			this.set({ state: 'open' }, 1);
			return;
		}
		if (kind !== 'postgres') return;
		const rows = await bounded(
			db().execute(
				sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
					where application_name = ${DB_APPLICATION_NAME} and pid <> pg_backend_pid()
					group by 1`
			)
		);
		if (!rows) return;
		for (const state of ['active', 'idle', 'idle in transaction']) this.set({ state }, 0);
		for (const r of rowsOf<{ state: string; n: number }>(rows)) this.set({ state: r.state }, r.n);
	}
});

new Gauge({
	name: 'zhicheng_job_queue_jobs',
	help: 'Jobs stored in the job queue (pg-boss, whole cluster) by queue and state: created and retry are the depth, failed the retained failures.',
	labelNames: ['queue', 'state'] as const,
	registers: [registry],
	async collect() {
		this.reset();
		if (!safeKind()) return;
		const schema = (process.env.JOBS_SCHEMA ?? 'zhicheng_jobs').replaceAll('"', '');
		// every queue and state, 0 included, so a series exists before its first job
		const rows = await bounded(
			db().execute(
				sql.raw(
					`select q.name, s.state, (select count(*)::int from "${schema}".job j
						where j.name = q.name and j.state::text = s.state) as n
					from "${schema}".queue q
					cross join unnest(array['created', 'retry', 'active', 'completed', 'cancelled', 'failed']) as s(state)`
				)
			)
		);
		// no job table yet (the queue starts a few seconds after the server)
		if (!rows) return;
		for (const r of rowsOf<{ name: string; state: string; n: number }>(rows))
			this.set({ queue: r.name, state: r.state }, r.n);
	}
});

function safeKind(): 'pglite' | 'postgres' | undefined {
	try {
		return databaseKind();
	} catch {
		return undefined;
	}
}

/** Called for every logged verification (verification-log.ts). */
export function countVerification(
	subject: 'certificate' | 'archive-form',
	verdict: string,
	channel: string
): void {
	verifications.inc({ subject, verdict, channel });
}

/**
 * The sync API's uploads and draft pushes, counted from the answer (the routes stay as they are):
 * declare = POST /api/uploads, chunk = PATCH /api/uploads/[id].
 */
export function countSync(routeId: string | null, request: Request, response: Response): void {
	const method = request.method;
	if (routeId === '/api/uploads' && method === 'POST') {
		syncUploads.inc({ step: 'declare', outcome: outcomeOf(response.status) });
	} else if (routeId === '/api/uploads/[id]' && method === 'PATCH') {
		syncUploads.inc({ step: 'chunk', outcome: outcomeOf(response.status) });
		if (response.status === 204) {
			const length = Number(request.headers.get('content-length') ?? NaN);
			if (Number.isFinite(length) && length > 0) syncUploadBytes.inc(length);
			if (response.headers.get('upload-complete') === '1') syncUploadsCompleted.inc();
		}
	} else if (routeId === '/api/drafts/[id]' && method === 'PUT') {
		syncDrafts.inc({ outcome: outcomeOf(response.status) });
	}
}

function outcomeOf(status: number): string {
	if (status < 300) return 'ok';
	if (status === 409) return 'conflict';
	if (status === 401 || status === 403) return 'denied';
	if (status < 500) return 'refused';
	return 'error';
}

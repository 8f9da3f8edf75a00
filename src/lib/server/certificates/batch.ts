/**
 * Batch issuance of a conferral (发文授予): thousands of evaluations conferred under one document
 * number, each getting its certificate, as a background job with progress for the city office.
 *
 * - The batch's applications are fixed when it starts (certificate_batch_items), in order.
 * - The job function `runCertificateBatch` is idempotent: each item is a normal `confer`
 *   transition (its certificate is issued in that transition's transaction); an item already
 *   conferred is only checked for its certificate (issued if missing); certificates are unique
 *   per application and numbers come from sequences. So running it again after a crash — from
 *   the start — finishes the batch with every certificate exactly once.
 * - A lease (status 'running' + updated_at heartbeat) keeps two runners off one batch; a crashed
 *   runner's lease goes stale after LEASE_SECONDS and the batch can be resumed.
 * - pg-boss runs the job, on PostgreSQL (its own pool) and on embedded PGlite alike (pg-boss 12's
 *   PGlite adapter on the same in-process database). Its heartbeat fails a job whose worker died;
 *   the retry resumes the batch. At startup unfinished batches are enqueued again.
 */
import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { PgBoss, fromPglite, type PGliteLike } from 'pg-boss';
import { AppError } from '../../domain/errors.js';
import type { Actor } from '../../domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { actorOf, authorize } from '../auth/actor.js';
import { transitionApplication } from '../applications/transition-application.js';
import { now } from '../clock.js';
import { databaseKind, db } from '../db/index.js';
import {
	applications,
	certificateBatches,
	certificateBatchItems,
	certificates,
	conferrals,
	users,
	type CertificateBatch
} from '../db/schema/index.js';
import { issueCertificate } from './issue-certificate.js';
import { errorName, logger } from '../observability/logger.js';

export const BATCH_QUEUE = 'certificate-batch';
export const LEASE_SECONDS = 60;
const DOC_NUMBER = /^.{2,12}〔\d{4}〕\d{1,5}号$/u;
const HEARTBEAT_EVERY = 20;

export interface BatchProgress {
	id: string;
	status: CertificateBatch['status'];
	total: number;
	done: number;
	issued: number;
	skipped: number;
	error: string | null;
	documentNumber: string;
	runner: string;
}

export interface BatchInput {
	documentNumber: string;
	conferredOn: string;
	/** Default: every evaluation awaiting conferral. */
	applicationIds?: string[];
}

/**
 * Starts a batch: every evaluation awaiting conferral (optionally only `applicationIds`) under
 * one document number. Returns the batch id; the job runs in the background.
 */
export async function startCertificateBatch(actor: Actor, input: BatchInput): Promise<string> {
	const batchId = await createCertificateBatch(actor, input);
	await enqueueBatch(batchId);
	return batchId;
}

/** Records the batch, its conferral and its fixed list of applications (no job yet). */
export async function createCertificateBatch(actor: Actor, input: BatchInput): Promise<string> {
	await authorize(actor, 'certificate.batch', { type: 'platform' });
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	const documentNumber = input.documentNumber.trim();
	if (!DOC_NUMBER.test(documentNumber))
		throw new AppError('VALIDATION', { documentNumber: '发文文号格式应如：柳职改字〔2026〕15号' });
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.conferredOn) || isNaN(Date.parse(input.conferredOn)))
		throw new AppError('VALIDATION', { conferredOn: '请填写授予日期，如 2026-03-01' });
	return db().transaction(async (tx) => {
		const waiting = await tx
			.select({ id: applications.id })
			.from(applications)
			.where(
				and(
					eq(applications.state, 'awaitingConferral'),
					input.applicationIds ? inArray(applications.id, input.applicationIds) : undefined
				)
			)
			.orderBy(asc(applications.stateChangedAt), asc(applications.id));
		if (waiting.length === 0)
			throw new AppError('VALIDATION', { documentNumber: '目前没有待发文授予的申请' });
		const [existing] = await tx
			.select()
			.from(conferrals)
			.where(eq(conferrals.documentNumber, documentNumber));
		if (existing)
			throw new AppError('VALIDATION', { documentNumber: '该发文文号已经使用，请核对' });
		const [conferral] = await tx
			.insert(conferrals)
			.values({ documentNumber, conferredOn: input.conferredOn, createdBy: actor.userId })
			.returning();
		const [batch] = await tx
			.insert(certificateBatches)
			.values({
				conferralId: conferral.id,
				total: waiting.length,
				startedBy: actor.userId,
				runner: 'pg-boss'
			})
			.returning();
		for (let i = 0; i < waiting.length; i += 1000) {
			await tx.insert(certificateBatchItems).values(
				waiting.slice(i, i + 1000).map((w, j) => ({
					batchId: batch.id,
					applicationId: w.id,
					seq: i + j
				}))
			);
		}
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.orgId,
			action: 'certificate.batch.start',
			objectType: 'certificate_batch',
			objectId: batch.id,
			result: 'ok',
			detail: { documentNumber, total: waiting.length }
		});
		return batch.id;
	});
}

/** Takes the batch's lease; false when it is done or another live runner holds it. */
async function claim(batchId: string): Promise<'claimed' | 'done' | 'busy' | 'missing'> {
	const at = now();
	const stale = new Date(at.getTime() - LEASE_SECONDS * 1000);
	const [row] = await db()
		.update(certificateBatches)
		.set({ status: 'running', updatedAt: at, error: null })
		.where(
			and(
				eq(certificateBatches.id, batchId),
				ne(certificateBatches.status, 'done'),
				or(ne(certificateBatches.status, 'running'), lt(certificateBatches.updatedAt, stale))
			)
		)
		.returning({ id: certificateBatches.id });
	if (row) return 'claimed';
	const [batch] = await db()
		.select({ status: certificateBatches.status })
		.from(certificateBatches)
		.where(eq(certificateBatches.id, batchId));
	if (!batch) return 'missing';
	return batch.status === 'done' ? 'done' : 'busy';
}

export class BatchBusyError extends Error {
	constructor() {
		super('certificate batch is being run by another worker');
	}
}

/** Thrown by the `crashAfter` test hook: stands for the process dying mid-batch. */
export class SimulatedCrash extends Error {}

/**
 * The job: processes the batch's unfinished items in order. Safe to run any number of times.
 * `crashAfter` (tests, benchmarks) throws after that many items, leaving the lease as a dead
 * process would.
 */
export async function runCertificateBatch(
	batchId: string,
	opts: { crashAfter?: number } = {}
): Promise<BatchProgress> {
	const claimed = await claim(batchId);
	if (claimed === 'missing') throw new AppError('NOT_FOUND');
	if (claimed === 'busy') throw new BatchBusyError();
	if (claimed === 'claimed') {
		try {
			await processItems(batchId, opts);
		} catch (e) {
			if (e instanceof SimulatedCrash) throw e;
			await db()
				.update(certificateBatches)
				.set({
					status: 'failed',
					error: e instanceof AppError ? e.message : '处理中断，将自动重试',
					updatedAt: now()
				})
				.where(eq(certificateBatches.id, batchId));
			throw e;
		}
	}
	return batchProgress(batchId);
}

/**
 * Applications conferred at once. On PostgreSQL several transactions overlap (the database does
 * its work on other cores); the embedded database has one connection, so one at a time.
 */
export function batchConcurrency(): number {
	const configured = Number(process.env.CERTIFICATE_BATCH_CONCURRENCY);
	if (configured >= 1) return Math.min(16, Math.floor(configured));
	return databaseKind() === 'postgres' ? 4 : 1;
}

async function processItems(batchId: string, opts: { crashAfter?: number }) {
	const concurrency = batchConcurrency();
	const [batch] = await db()
		.select({ batch: certificateBatches, conferral: conferrals })
		.from(certificateBatches)
		.innerJoin(conferrals, eq(conferrals.id, certificateBatches.conferralId))
		.where(eq(certificateBatches.id, batchId));
	const [starter] = await db().select().from(users).where(eq(users.id, batch.batch.startedBy));
	const actor = starter ? await actorOf(starter) : null;
	if (!actor || actor.kind !== 'staff' || actor.orgType !== 'cityOffice')
		throw new AppError('FORBIDDEN', {}, '发起批量发证的账号已不是市职改办账号，请重新发起。');
	let processed = 0;
	for (;;) {
		const items = await db()
			.select({ applicationId: certificateBatchItems.applicationId })
			.from(certificateBatchItems)
			.where(and(eq(certificateBatchItems.batchId, batchId), isNull(certificateBatchItems.outcome)))
			.orderBy(asc(certificateBatchItems.seq))
			.limit(200);
		if (items.length === 0) break;
		for (let i = 0; i < items.length; i += concurrency) {
			const group = items.slice(i, i + concurrency);
			if (opts.crashAfter !== undefined) group.splice(Math.max(1, opts.crashAfter - processed));
			await Promise.all(
				group.map(async (item) => {
					const outcome = await processOne(actor, batch.conferral, item.applicationId);
					await db()
						.update(certificateBatchItems)
						.set({ outcome })
						.where(
							and(
								eq(certificateBatchItems.batchId, batchId),
								eq(certificateBatchItems.applicationId, item.applicationId)
							)
						);
				})
			);
			const before = processed;
			processed += group.length;
			if (Math.floor(processed / HEARTBEAT_EVERY) > Math.floor(before / HEARTBEAT_EVERY))
				await heartbeat(batchId);
			if (opts.crashAfter !== undefined && processed >= opts.crashAfter)
				throw new SimulatedCrash(`simulated crash after ${processed} items`);
		}
	}
	const p = await counts(batchId);
	await db()
		.update(certificateBatches)
		.set({
			status: 'done',
			issued: p.issued,
			skipped: p.skipped,
			updatedAt: now(),
			finishedAt: now()
		})
		.where(eq(certificateBatches.id, batchId));
}

async function heartbeat(batchId: string) {
	const p = await counts(batchId);
	await db()
		.update(certificateBatches)
		.set({ updatedAt: now(), issued: p.issued, skipped: p.skipped })
		.where(eq(certificateBatches.id, batchId));
}

/** One application: confer it (issuing in the same transaction), or finish what a crash left. */
async function processOne(
	actor: Actor,
	conferral: typeof conferrals.$inferSelect,
	applicationId: string
): Promise<'issued' | 'senior' | 'moved'> {
	for (let attempt = 0; attempt < 3; attempt++) {
		const [app] = await db().select().from(applications).where(eq(applications.id, applicationId));
		if (!app) return 'moved';
		if (app.state === 'awaitingConferral') {
			try {
				await transitionApplication(actor, app.id, {
					event: { type: 'confer' },
					expectedVersion: app.version,
					opinion: conferral.documentNumber,
					patch: { conferralId: conferral.id }
				});
			} catch (e) {
				if (e instanceof AppError && e.code === 'CONFLICT') continue;
				if (e instanceof AppError) return 'moved';
				throw e;
			}
			return app.level === 'senior' ? 'senior' : 'issued';
		}
		if (app.state === 'conferred' && app.conferralId === conferral.id) {
			if (app.level === 'senior') return 'senior';
			const [cert] = await db()
				.select({ id: certificates.id })
				.from(certificates)
				.where(eq(certificates.applicationId, app.id));
			if (!cert && actor.kind === 'staff') {
				await db().transaction((tx) =>
					issueCertificate(tx, app, { issuerOrgId: actor.orgId, actorUserId: actor.userId })
				);
			}
			return 'issued';
		}
		return 'moved';
	}
	return 'moved';
}

async function counts(batchId: string) {
	const rows = await db()
		.select({ outcome: certificateBatchItems.outcome, n: sql<number>`count(*)::int` })
		.from(certificateBatchItems)
		.where(eq(certificateBatchItems.batchId, batchId))
		.groupBy(certificateBatchItems.outcome);
	const n = (o: string | null) => Number(rows.find((r) => r.outcome === o)?.n ?? 0);
	const total = rows.reduce((s, r) => s + Number(r.n), 0);
	return {
		total,
		done: total - n(null),
		issued: n('issued'),
		skipped: n('senior') + n('moved')
	};
}

export async function batchProgress(batchId: string): Promise<BatchProgress> {
	const [row] = await db()
		.select({ batch: certificateBatches, documentNumber: conferrals.documentNumber })
		.from(certificateBatches)
		.innerJoin(conferrals, eq(conferrals.id, certificateBatches.conferralId))
		.where(eq(certificateBatches.id, batchId));
	if (!row) throw new AppError('NOT_FOUND');
	const c = await counts(batchId);
	return {
		id: row.batch.id,
		status: row.batch.status,
		total: c.total,
		done: c.done,
		issued: c.issued,
		skipped: c.skipped,
		error: row.batch.error,
		documentNumber: row.documentNumber,
		runner: row.batch.runner
	};
}

/** The city office's view of one batch. */
export async function batchProgressFor(actor: Actor, batchId: string): Promise<BatchProgress> {
	await authorize(actor, 'certificate.batch', { type: 'platform' });
	if (!/^[0-9a-f-]{36}$/.test(batchId)) throw new AppError('NOT_FOUND');
	return batchProgress(batchId);
}

export async function listBatches(actor: Actor) {
	await authorize(actor, 'certificate.batch', { type: 'platform' });
	return db()
		.select({
			id: certificateBatches.id,
			status: certificateBatches.status,
			total: certificateBatches.total,
			issued: certificateBatches.issued,
			createdAt: certificateBatches.createdAt,
			documentNumber: conferrals.documentNumber
		})
		.from(certificateBatches)
		.innerJoin(conferrals, eq(conferrals.id, certificateBatches.conferralId))
		.orderBy(sql`${certificateBatches.createdAt} desc`)
		.limit(50);
}

export async function awaitingConferralCount(): Promise<number> {
	const [row] = await db()
		.select({ n: sql<number>`count(*)::int` })
		.from(applications)
		.where(eq(applications.state, 'awaitingConferral'));
	return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------- pg-boss

let boss: PgBoss | undefined;
let starting: Promise<PgBoss> | undefined;

export interface JobsOptions {
	/** PostgreSQL URL for pg-boss's own pool; default DATABASE_URL. Ignored on PGlite. */
	url?: string;
	/** pg-boss's schema; default `zhicheng_jobs`. */
	schema?: string;
	pollingIntervalSeconds?: number;
}

/**
 * Starts pg-boss and the batch worker once per process, then re-enqueues unfinished batches
 * (a crash or a restart left them). On PGlite pg-boss talks to the same in-process database.
 */
export function startCertificateJobs(options: JobsOptions = {}): Promise<PgBoss> {
	starting ??= (async () => {
		const schema = options.schema ?? process.env.JOBS_SCHEMA ?? 'zhicheng_jobs';
		const pglite = databaseKind() === 'pglite';
		const instance = pglite
			? new PgBoss({
					db: fromPglite((db() as unknown as { $client: PGliteLike }).$client),
					schema
				})
			: new PgBoss({
					// pg-boss holds session state: the server itself, not a transaction-mode pooler.
					connectionString:
						options.url ?? (process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL),
					schema,
					max: 2
				});
		instance.on('error', (e: Error) => logger.error({ err: errorName(e) }, 'job queue error'));
		await instance.start();
		await instance.createQueue(BATCH_QUEUE, {
			retryLimit: 20,
			retryDelay: 15,
			retryBackoff: true,
			retryDelayMax: 300,
			heartbeatSeconds: 30,
			expireInSeconds: 4 * 3600
		});
		await instance.work<{ batchId: string }>(
			BATCH_QUEUE,
			{ pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
			async ([job]) => {
				await runCertificateBatch(job.data.batchId);
			}
		);
		boss = instance;
		const unfinished = await db()
			.select({ id: certificateBatches.id })
			.from(certificateBatches)
			.where(ne(certificateBatches.status, 'done'));
		for (const b of unfinished) await enqueueBatch(b.id);
		return instance;
	})();
	return starting;
}

async function enqueueBatch(batchId: string): Promise<void> {
	const instance = boss ?? (await startCertificateJobs());
	await instance.send(BATCH_QUEUE, { batchId });
}

export async function stopCertificateJobs(): Promise<void> {
	const instance = starting ? await starting.catch(() => undefined) : undefined;
	starting = undefined;
	boss = undefined;
	await instance?.stop({ graceful: true, timeout: 5000, close: true });
}

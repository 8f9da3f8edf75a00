import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import {
	BatchBusyError,
	SimulatedCrash,
	batchProgress,
	createCertificateBatch,
	runCertificateBatch,
	startCertificateBatch,
	startCertificateJobs,
	stopCertificateJobs
} from '../../src/lib/server/certificates/batch.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	applications,
	certificateBatchItems,
	certificates
} from '../../src/lib/server/db/schema/index.js';
import { platform } from '../helpers/applications.js';
import { evaluationsAwaitingConferral } from '../helpers/certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
const jobsSchema = `zc_jobs_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	setClock(undefined);
	await stopCertificateJobs();
	if (process.env.TEST_DATABASE_URL) {
		const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop schema if exists "${jobsSchema}" cascade`);
		await admin.end();
	}
	await handle.drop();
});

async function certificatesOf(ids: string[]) {
	return db().select().from(certificates).where(inArray(certificates.applicationId, ids));
}

describe(`batch issuance of a conferral (${backend})`, () => {
	it('a crash in the middle of a batch, then resume: every certificate exactly once', async () => {
		const apps = await evaluationsAwaitingConferral(offices, 12);
		const ids = apps.map((a) => a.id);
		const batchId = await createCertificateBatch(offices.city.actor, {
			documentNumber: '柳职改字〔2026〕30号',
			conferredOn: '2026-02-27',
			applicationIds: ids
		});
		const t0 = Date.now();
		setClock(() => new Date(t0));
		await expect(runCertificateBatch(batchId, { crashAfter: 5 })).rejects.toBeInstanceOf(
			SimulatedCrash
		);
		expect(await certificatesOf(ids)).toHaveLength(5);
		let progress = await batchProgress(batchId);
		expect(progress).toMatchObject({ status: 'running', total: 12, done: 5, issued: 5 });

		// the dead runner still holds a fresh lease: a second runner backs off
		await expect(runCertificateBatch(batchId)).rejects.toBeInstanceOf(BatchBusyError);

		// the worst moment: a certificate committed, its item not yet marked done
		const issuedIds = (await certificatesOf(ids)).map((c) => c.applicationId!);
		await db()
			.update(certificateBatchItems)
			.set({ outcome: null })
			.where(eq(certificateBatchItems.applicationId, issuedIds[0]));

		setClock(() => new Date(t0 + 2 * 60_000)); // the lease went stale
		progress = await runCertificateBatch(batchId);
		expect(progress).toMatchObject({ status: 'done', total: 12, done: 12, issued: 12, skipped: 0 });

		const issued = await certificatesOf(ids);
		expect(issued).toHaveLength(12);
		expect(new Set(issued.map((c) => c.applicationId)).size).toBe(12);
		expect(new Set(issued.map((c) => c.certificateNo)).size).toBe(12);
		expect(new Set(issued.map((c) => c.managementNo)).size).toBe(12);
		for (const c of issued) {
			expect(c.documentNumber).toBe('柳职改字〔2026〕30号');
			expect(c.issuerOrgId).toBe(offices.city.orgId);
		}
		const states = await db()
			.select({ state: applications.state })
			.from(applications)
			.where(inArray(applications.id, ids));
		expect(states.every((s) => s.state === 'conferred')).toBe(true);

		// running a finished batch again changes nothing
		await runCertificateBatch(batchId);
		expect(await certificatesOf(ids)).toHaveLength(12);
		setClock(undefined);
	});

	it('refuses a reused document number, a malformed one, and anyone but the city office', async () => {
		const [app] = await evaluationsAwaitingConferral(offices, 1);
		const code = async (p: Promise<unknown>) =>
			p.then(
				() => 'ok',
				(e) => (e instanceof AppError ? e.code : String(e))
			);
		expect(
			await code(
				createCertificateBatch(offices.county.actor, {
					documentNumber: '柳职改字〔2026〕31号',
					conferredOn: '2026-02-27'
				})
			)
		).toBe('FORBIDDEN');
		expect(
			await code(
				createCertificateBatch(offices.city.actor, {
					documentNumber: '31号',
					conferredOn: '2026-02-27'
				})
			)
		).toBe('VALIDATION');
		expect(
			await code(
				createCertificateBatch(offices.city.actor, {
					documentNumber: '柳职改字〔2026〕30号',
					conferredOn: '2026-02-27',
					applicationIds: [app.id]
				})
			)
		).toBe('VALIDATION');
	});

	it('runs as a pg-boss job in the background, with progress to poll', async () => {
		await startCertificateJobs({
			url: process.env.TEST_DATABASE_URL,
			schema: jobsSchema,
			pollingIntervalSeconds: 0.5
		});
		const apps = await evaluationsAwaitingConferral(offices, 6);
		const ids = apps.map((a) => a.id);
		const batchId = await startCertificateBatch(offices.city.actor, {
			documentNumber: '柳职改字〔2026〕32号',
			conferredOn: '2026-03-02',
			applicationIds: ids
		});
		const deadline = Date.now() + 30_000;
		let progress = await batchProgress(batchId);
		while (progress.status !== 'done' && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 200));
			progress = await batchProgress(batchId);
		}
		expect(progress).toMatchObject({ status: 'done', total: 6, issued: 6 });
		expect(await certificatesOf(ids)).toHaveLength(6);
	});
});

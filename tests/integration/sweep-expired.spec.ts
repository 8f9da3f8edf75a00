import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hit, limits } from '../../src/lib/server/auth/throttle.js';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.js';
import { sweepExpired } from '../../src/lib/server/auth/sweep-expired.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { sessions, throttle } from '../../src/lib/server/db/schema/index.js';
import {
	startCertificateJobs,
	stopCertificateJobs
} from '../../src/lib/server/certificates/batch.js';
import {
	scheduleMaintenance,
	SWEEP_CRON,
	SWEEP_QUEUE
} from '../../src/lib/server/jobs/schedule-maintenance.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
const jobsSchema = `zc_jobs_${randomBytes(4).toString('hex')}`;
beforeAll(async () => {
	handle = await freshDatabase();
});
afterAll(async () => {
	setClock(undefined);
	await stopCertificateJobs();
	await handle.drop();
	if (process.env.TEST_DATABASE_URL) {
		const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop schema if exists "${jobsSchema}" cascade`);
		await admin.end();
	}
});

describe(`sweeping expired sessions and throttle rows (${backend})`, () => {
	it('deletes what has expired and keeps what is still valid', async () => {
		const { user } = await makeOrg('employer');
		let clock = new Date('2026-11-25T08:00:00Z');
		setClock(() => new Date(clock));
		const old = await createSession(generateSessionToken(), user);
		await hit('sign-in', '10.0.0.1', limits.signInPerIp);
		clock = new Date(clock.getTime() + 13 * 3600_000); // past a staff session's 12 h and the 15-min window
		const fresh = await createSession(generateSessionToken(), user);
		await hit('sign-in', '10.0.0.2', limits.signInPerIp);

		const swept = await sweepExpired();
		expect(swept).toEqual({ sessions: 1, throttle: 1 });
		const left = await db()
			.select({ id: sessions.id })
			.from(sessions)
			.where(eq(sessions.userId, user.id));
		expect(left.map((s) => s.id)).toEqual([fresh.id]);
		expect(old.id).not.toBe(fresh.id);
		expect(await db().select().from(throttle)).toHaveLength(1);
		expect(await sweepExpired()).toEqual({ sessions: 0, throttle: 0 });
	});

	it('is a pg-boss schedule (once per cluster), not a timer per instance', async () => {
		setClock(undefined);
		const boss = await startCertificateJobs({
			url: process.env.TEST_DATABASE_URL,
			schema: jobsSchema
		});
		await scheduleMaintenance(boss);
		const schedules = await boss.getSchedules();
		expect(schedules.map((s) => [s.name, s.cron])).toContainEqual([SWEEP_QUEUE, SWEEP_CRON]);
		// Registering again (a second instance starting) keeps one schedule.
		await scheduleMaintenance(boss);
		expect((await boss.getSchedules()).filter((s) => s.name === SWEEP_QUEUE)).toHaveLength(1);
		expect(await db().execute(sql`select 1`)).toBeTruthy();
	});
});

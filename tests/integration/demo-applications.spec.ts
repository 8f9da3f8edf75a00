import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateForSubmit } from '../../src/lib/domain/application-form.js';
import { isTerminal } from '../../src/lib/domain/procedures.js';
import { actorOf } from '../../src/lib/server/auth/actor.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	applications,
	auditLog,
	notices,
	paperCertificates,
	users
} from '../../src/lib/server/db/schema/index.js';
import { seedDemo } from '../../src/lib/server/demo/seed.js';
import { listQueue } from '../../src/lib/server/applications/list-queue.js';
import { completeDuePublicity } from '../../src/lib/server/applications/complete-due-publicity.js';
import { contentHashOf } from '../../src/lib/server/applications/submit-application.js';
import { viewApplication } from '../../src/lib/server/applications/get-application.js';
import { readApplicationAttachment } from '../../src/lib/server/applications/get-attachment.js';
import { noticePeriod } from '../../src/lib/domain/notice-period.js';
import { chinaToday } from '../../src/lib/server/calendar/working-day-calendar.js';
import { submitApplication } from '../../src/lib/server/applications/submit-application.js';
import { sequenceAndVerify } from '../helpers/audit.js';
import { currentCalendar } from '../../src/lib/server/calendar/schedules.js';
import { setClock } from '../../src/lib/server/clock.js';
import { blindIndex, decrypt } from '../../src/lib/server/crypto/pii.js';
import { DEMO_NOTICE } from '../../src/lib/server/demo/seed-notice.js';
import { boardPage } from '../../src/lib/server/notices/list-board.js';
import { atomFeed } from '../../src/lib/server/notices/feed.js';
import { noticesOf } from '../../src/lib/server/notices/status.js';
import { lookupCertificate } from '../../src/lib/server/verification/lookup-certificate.js';
import { discardVerificationLog } from '../../src/lib/server/verification/verification-log.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { longestIdRun } from '../vectors/certificates.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
	handle = await freshDatabase();
	await seedDemo(db());
});
afterAll(() => handle.drop());

async function staff(username: string) {
	const [u] = await db().select().from(users).where(eq(users.username, username));
	return actorOf(u);
}

describe(`demo applications (${backend})`, () => {
	it('are valid, hash-consistent, and every seal verifies', async () => {
		// The submitted ones still on their way (finished demo applications belong to the
		// certificates seed; the reissue waits for its notice, see below).
		const rows = (await db().select().from(applications)).filter(
			(a) => !isTerminal(a.state) && a.kind !== 'reissue'
		);
		expect(rows).toHaveLength(6);
		for (const app of rows) {
			expect(validateForSubmit(app.content).ok).toBe(true);
			expect(app.contentHash).toBe(contentHashOf(app.content));
			const city = await staff('city');
			const view = await viewApplication(city, app.id);
			expect(view.steps.length).toBe(app.version - 1);
			for (const s of view.steps.filter((s) => s.event === 'approve'))
				expect(s.seal?.valid).toBe(true);
			for (const f of view.attachments) {
				expect(f.available).toBe(true);
				const file = await readApplicationAttachment(city, app.id, f.id);
				expect(file.data.byteLength).toBeGreaterThan(100);
			}
		}
	});

	it('give each reviewer in the end-to-end stories work in their queue', async () => {
		const names = async (u: string) =>
			(await listQueue(await staff(u), {})).rows.map((r) => `${r.applicantName}:${r.state}`);
		expect(await names('emp.ljyz')).toEqual(['黄海燕:awaitingEmployer', '韦丽琰:awaitingEmployer']);
		expect(await names('committee.engineering')).toEqual(['覃志堃:awaitingCommittee']);
		expect(await names('county.liujiang')).toEqual(['陆晓红:awaitingTierOffice']);
		expect(await names('city')).toEqual(['莫喆:awaitingConferral']);
		// One publicity is due: the job moves it to the city office.
		expect(await completeDuePublicity()).toBe(1);
		expect(await names('city')).toEqual(['莫喆:awaitingConferral', '蒙凯:awaitingConferral']);
	});
});

describe(`demo invalidation notice (${backend})`, () => {
	const d = DEMO_NOTICE;
	const holder = async () =>
		(
			await db()
				.select()
				.from(users)
				.where(eq(users.mobileHmac, blindIndex('mobile', d.holderMobile)))
		)[0];

	it('莫喆’s registered paper certificate is declared void from today, through the services, with their audit entries', async () => {
		const today = chinaToday();
		const period = noticePeriod(await currentCalendar(), today);
		const rows = await db().select().from(notices);
		expect(rows).toHaveLength(1);
		const [notice] = rows;
		const [paper] = await db().select().from(paperCertificates);
		expect(paper).toMatchObject({ holderName: '莫喆', certificateNo: d.certificateNo });
		expect(notice).toMatchObject({
			applicantId: (await holder()).id,
			holderName: '莫喆',
			paperCertificateId: paper.id,
			paperNumber: d.certificateNo,
			publishedOn: today, // the day of publication does not count …
			completesOn: period.completesOn, // … 5 working days follow
			status: 'running'
		});
		expect(today < notice.completesOn).toBe(true);
		const [app] = await db()
			.select()
			.from(applications)
			.where(eq(applications.id, notice.applicationId));
		expect(app).toMatchObject({ kind: 'reissue', state: 'noticePublic', noticeStartedOn: today });
		// Complete, so that he can submit it once the notice has run.
		expect(validateForSubmit(app.content).ok).toBe(true);
		const actions = (await db().select().from(auditLog)).map((a) => a.action);
		for (const action of [
			'paperCertificate.register',
			'draft.create',
			'application.publishNotice',
			'notice.publish'
		])
			expect(actions).toContain(action);
		expect((await sequenceAndVerify(db())).ok).toBe(true);
	});

	it('runs on the public board and in the feed, masked, without any ID number', async () => {
		const { items } = await boardPage({ kind: 'notice' });
		expect(items).toHaveLength(1);
		const [notice] = await db().select().from(notices);
		expect(items[0]).toMatchObject({
			kind: 'notice',
			name: '莫*',
			qualification: '助理工程师',
			certificateNo: 'LZZC 2012 0318',
			organisation: '柳州市职称改革工作领导小组办公室',
			startsOn: notice.publishedOn,
			endsOn: notice.completesOn,
			state: 'running'
		});
		const all = (await boardPage({})).items;
		const feed = atomFeed({
			origin: 'http://localhost:3000',
			boardUrl: 'http://localhost:3000/notices',
			feedUrl: 'http://localhost:3000/notices/feed.atom',
			items: all,
			updated: new Date()
		});
		expect(feed).toContain('声明作废：莫*');
		const idNumber = decrypt((await holder()).idNumberEnc!);
		// What the board shows (the opaque key is only the feed's <id>).
		const shown = JSON.stringify(all.map((i) => ({ ...i, key: '', at: '' })));
		expect(shown).not.toMatch(/\d{7,}/);
		for (const text of [shown, feed]) {
			expect(text).not.toContain('莫喆');
			expect(longestIdRun(text, idNumber)).toBeLessThan(7);
		}
	});

	it('the holder sees it with its countdown under 我的声明作废', async () => {
		const [mine] = await noticesOf((await holder()).id);
		const [notice] = await db().select().from(notices);
		expect(mine).toMatchObject({
			state: 'running',
			daysLeft: 5,
			submittableFrom: noticePeriod(await currentCalendar(), notice.publishedOn).submittableFrom
		});
		expect(mine.notice.id).toBe(notice.id);
	});

	it('verifying the certificate by number and name shows 声明作废公示中 until the last day', async () => {
		const [notice] = await db().select().from(notices);
		const found = await lookupCertificate(
			{ certificateNo: d.certificateNo, name: d.holderName },
			{ clientAddress: '192.0.2.77' }
		);
		discardVerificationLog();
		if (!found.ok || !('result' in found)) throw new Error('demo paper certificate not found');
		expect(found.result).toMatchObject({
			verdict: 'notice',
			label: '声明作废公示中',
			statusUntil: notice.completesOn,
			paper: true
		});
		expect(found.result.certificate).toMatchObject({ name: '莫*', idNumberMasked: '' });
	});

	it('is refused on its last day, and submittable the day after', async () => {
		const [notice] = await db().select().from(notices);
		const who = await actorOf(await holder());
		const version = async () =>
			(
				await db()
					.select({ v: applications.version })
					.from(applications)
					.where(eq(applications.id, notice.applicationId))
			)[0].v;
		try {
			setClock(() => new Date(`${notice.completesOn}T02:00:00Z`));
			await expect(
				submitApplication(who, notice.applicationId, await version())
			).rejects.toMatchObject({ code: 'INVALID_STATE' });
			const after = noticePeriod(await currentCalendar(), notice.publishedOn).submittableFrom;
			setClock(() => new Date(`${after}T02:00:00Z`));
			const { application } = await submitApplication(who, notice.applicationId, await version());
			expect(application.state).toBe('awaitingEmployer');
		} finally {
			setClock(undefined);
		}
	});
});

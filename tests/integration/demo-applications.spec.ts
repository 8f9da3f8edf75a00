import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateForSubmit } from '../../src/lib/domain/application-form.js';
import { isTerminal, type State } from '../../src/lib/domain/procedures.js';
import { actorOf } from '../../src/lib/server/auth/actor.js';
import { db } from '../../src/lib/server/db/index.js';
import { applications, users } from '../../src/lib/server/db/schema/index.js';
import { seedDemo } from '../../src/lib/server/demo/seed.js';
import { listQueue } from '../../src/lib/server/applications/queue.js';
import { completeDuePublicity } from '../../src/lib/server/applications/publicity.js';
import { contentHashOf } from '../../src/lib/server/applications/submit-application.js';
import { viewApplication } from '../../src/lib/server/applications/view.js';
import { readApplicationAttachment } from '../../src/lib/server/applications/attachment-file.js';
import { backend, freshDatabase } from '../helpers/db.js';

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
		// The ones still on their way (finished demo applications belong to the certificates seed).
		const rows = (await db().select().from(applications)).filter(
			(a) => !isTerminal(a.state as State)
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

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { applications, certificates } from '../../src/lib/server/db/schema/index.js';
import { boardPage, PAGE_SIZE } from '../../src/lib/server/notices/list-board.js';
import { atomFeed } from '../../src/lib/server/notices/feed.js';
import { publishNotice } from '../../src/lib/server/notices/publish-notice.js';
import { completeDraft, employerWithApplicant, platform } from '../helpers/applications.js';
import { approvedRecognition, evaluationsAwaitingConferral } from '../helpers/certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
type Who = Awaited<ReturnType<typeof employerWithApplicant>>;
const idNumbers: string[] = [];
let electronicNo = '';

async function reissueDraft(who: Who): Promise<string> {
	const id = randomUUID();
	const content = completeDraft('reissue', {
		name: who.applicant.user.name,
		idNumber: who.applicant.idNumber,
		mobile: who.applicant.mobile,
		employerId: who.employer.orgId,
		level: 'junior'
	});
	await db()
		.insert(applications)
		.values({
			id,
			applicantId: who.applicant.user.id,
			kind: 'reissue',
			level: 'junior',
			series: 'engineering',
			applicantName: who.applicant.user.name,
			content: content as unknown as Record<string, unknown>
		});
	return id;
}

/** Everything the board serialises to a page, without the opaque keys (UUIDs). */
function pageText(items: Awaited<ReturnType<typeof boardPage>>['items']): string {
	return JSON.stringify(items, (k, v) => (k === 'key' ? undefined : v));
}

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
	// An evaluation in (and past) results publicity.
	const evaluated = await evaluationsAwaitingConferral(offices, 1);
	const [withId] = await db()
		.select({ id: applications.applicantId })
		.from(applications)
		.where(eq(applications.id, evaluated[0].id));
	expect(withId).toBeTruthy();
	// An electronic certificate declared void (its number is 16 digits).
	const who = await employerWithApplicant('liujiang');
	idNumbers.push(who.applicant.idNumber);
	setClock(() => new Date('2026-01-20T02:00:00Z'));
	const app = await approvedRecognition(offices, who, 'junior');
	const [cert] = await db()
		.select()
		.from(certificates)
		.where(eq(certificates.applicationId, app.id));
	electronicNo = cert.certificateNo;
	setClock(() => new Date('2026-03-02T02:00:00Z'));
	await publishNotice(who.applicant.actor, {
		applicationId: await reissueDraft(who),
		expectedVersion: 1,
		subject: { type: 'electronic', certificateId: cert.id }
	});
	// Enough paper notices for a second page.
	const many = await employerWithApplicant('city');
	idNumbers.push(many.applicant.idNumber);
	for (let i = 0; i < PAGE_SIZE; i++) {
		await publishNotice(many.applicant.actor, {
			applicationId: await reissueDraft(many),
			expectedVersion: 1,
			subject: {
				type: 'paper',
				series: 'engineering',
				qualification: '助理工程师',
				number: `LZ-2014-${String(100 + i)}`,
				issuedOn: '2014-07-01',
				issuingOffice: '柳州市职称改革工作领导小组办公室'
			}
		});
	}
});
afterAll(async () => {
	setClock(undefined);
	await handle.drop();
});

describe(`public notice board (${backend})`, () => {
	it('shows no ID number: no run of 7+ digits, names masked, certificate numbers grouped', async () => {
		setClock(() => new Date('2026-03-03T02:00:00Z'));
		const seen: string[] = [];
		for (let page = 1; ; page++) {
			const board = await boardPage({ page });
			seen.push(pageText(board.items));
			if (!board.hasNext) break;
		}
		const text = seen.join('\n');
		expect(text).not.toMatch(/\d{7,}/);
		for (const id of idNumbers) expect(text).not.toContain(id.slice(0, 6) + id.slice(6, 14));
		expect(text).not.toContain('覃志堃');
		expect(text).toContain('覃**');
		expect(text).toContain(electronicNo.replace(/(\d{4})(?=\d)/g, '$1 '));
	});

	it('lists notices and evaluation publicity with start and end dates, newest first, paged', async () => {
		setClock(() => new Date('2026-03-03T02:00:00Z'));
		const first = await boardPage({ page: 1 });
		expect(first.items).toHaveLength(PAGE_SIZE);
		expect(first.hasNext).toBe(true);
		const second = await boardPage({ page: 2 });
		const all = [...first.items, ...second.items];
		expect(all.filter((i) => i.kind === 'notice')).toHaveLength(PAGE_SIZE + 1);
		const publicity = all.find((i) => i.kind === 'publicity');
		expect(publicity).toMatchObject({ startsOn: '2026-02-11', endsOn: '2026-02-25' });
		expect(first.items[0]).toMatchObject({
			kind: 'notice',
			startsOn: '2026-03-02',
			endsOn: '2026-03-09',
			state: 'running'
		});
		const dates = all.map((i) => i.startsOn);
		expect([...dates].sort().reverse()).toEqual(dates);
	});

	it('searches by certificate number (spaces ignored) and filters by kind', async () => {
		const byNumber = await boardPage({ q: 'LZ-2014-105' });
		expect(byNumber.items).toHaveLength(1);
		const byGrouped = await boardPage({ q: electronicNo.replace(/(\d{4})(?=\d)/g, '$1 ') });
		expect(byGrouped.items).toHaveLength(1);
		expect(
			(await boardPage({ kind: 'publicity' })).items.every((i) => i.kind === 'publicity')
		).toBe(true);
		expect((await boardPage({ q: '%' })).items).toHaveLength(0);
	});

	it('the Atom feed is well-formed XML with one entry per item and no ID number', async () => {
		const { items } = await boardPage({ page: 1 });
		const xml = atomFeed({
			origin: 'https://zc.example.cn',
			boardUrl: 'https://zc.example.cn/notices',
			feedUrl: 'https://zc.example.cn/notices/feed.atom',
			items: [
				...items,
				{ ...items[0], key: 'notice-evil', qualification: '工程师 <script>&"\'\u0001' }
			],
			updated: new Date('2026-03-03T02:00:00Z')
		});
		expect(XMLValidator.validate(xml)).toBe(true);
		const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
		expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
		expect(feed.entry).toHaveLength(items.length + 1);
		expect(feed.entry.at(-1).title).toContain('<script>&');
		for (const id of idNumbers) expect(xml).not.toContain(id);
		expect(xml).not.toMatch(/\d{17}[\dX]/);
	});
});

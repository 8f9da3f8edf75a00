import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationDraft } from '../../src/lib/domain/application-form.js';
import type { Actor } from '../../src/lib/domain/policy.js';
import { db } from '../../src/lib/server/db/index.js';
import { applications, attachments, auditLog } from '../../src/lib/server/db/schema/index.js';
import * as draftRoute from '../../src/routes/api/drafts/[id]/+server.js';
import * as listRoute from '../../src/routes/api/drafts/+server.js';
import * as submitRoute from '../../src/routes/api/drafts/[id]/submit/+server.js';
import * as optionsRoute from '../../src/routes/api/options/+server.js';
import * as uploadsRoute from '../../src/routes/api/uploads/+server.js';
import * as uploadRoute from '../../src/routes/api/uploads/[id]/+server.js';
import * as contentRoute from '../../src/routes/api/uploads/[id]/content/+server.js';
import { completeDraft, employerWithApplicant, platform } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';

const ORIGIN = 'http://localhost:4173';
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let who: Awaited<ReturnType<typeof employerWithApplicant>>;
let other: Awaited<ReturnType<typeof employerWithApplicant>>;
let photo: Buffer;

beforeAll(async () => {
	handle = await freshDatabase();
	await platform();
	who = await employerWithApplicant('liujiang');
	other = await employerWithApplicant('city');
	photo = await sharp({
		create: {
			width: 413,
			height: 579,
			channels: 3,
			background: '#3b6fb6',
			noise: { type: 'gaussian', mean: 128, sigma: 40 }
		}
	})
		.jpeg({ quality: 80 })
		.toBuffer();
});
afterAll(async () => handle.drop());

/** The RequestEvent a route handler sees, from this origin unless told otherwise. */
function call(
	handler: (event: never) => Response | Promise<Response>,
	actor: Actor | null,
	init: {
		method?: string;
		params?: Record<string, string>;
		json?: unknown;
		body?: BodyInit;
		headers?: Record<string, string>;
	} = {}
): Promise<Response> {
	const url = new URL('/api/x', ORIGIN);
	const headers = new Headers({ origin: ORIGIN, ...init.headers });
	if (init.json !== undefined) headers.set('content-type', 'application/json');
	const request = new Request(url, {
		method: init.method ?? 'GET',
		headers,
		body: init.json !== undefined ? JSON.stringify(init.json) : init.body
	});
	const event = {
		request,
		url,
		params: init.params ?? {},
		locals: { actor, user: null, session: null }
	};
	return Promise.resolve(handler(event as never));
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const put = (actor: Actor, id: string, json: unknown, headers?: Record<string, string>) =>
	call(draftRoute.PUT, actor, { method: 'PUT', params: { id }, json, headers });

function content(
	attachmentsList: ApplicationDraft['attachments'] = [],
	p: ApplicationDraft['photo'] = null
) {
	const draft = completeDraft('recognition', {
		name: who.applicant.user.name,
		idNumber: who.applicant.idNumber,
		mobile: who.applicant.mobile,
		employerId: who.employer.orgId,
		level: 'intermediate'
	});
	return { ...draft, attachments: attachmentsList, photo: p };
}

const push = (c: unknown, baseVersion = 0, clientId = 'phone-a') => ({
	baseVersion,
	updatedAt: new Date().toISOString(),
	clientId,
	content: c
});

async function rowCount(id: string) {
	const rows = await db()
		.select({ v: applications.version })
		.from(applications)
		.where(eq(applications.id, id));
	return rows.length;
}

async function auditCount(action: string, objectId: string, result = 'ok') {
	const [r] = await db()
		.select({ n: sql<number>`count(*)::int` })
		.from(auditLog)
		.where(
			and(
				eq(auditLog.action, action),
				eq(auditLog.objectId, objectId),
				eq(auditLog.result, result as 'ok')
			)
		);
	return Number(r.n);
}

/** Declares and sends a file in chunks through the real routes. */
async function upload(actor: Actor, bytes: Uint8Array, mime = 'image/jpeg', chunk = 64 * 1024) {
	const id = randomUUID();
	const created = await call(uploadsRoute.POST, actor, {
		method: 'POST',
		json: { id, name: 'photo.jpg', mime, size: bytes.length, sha256: sha(bytes) }
	});
	expect(created.status).toBe(201);
	let last: Response | undefined;
	for (let offset = 0; offset < bytes.length; offset += chunk) {
		last = await patch(actor, id, offset, bytes.subarray(offset, offset + chunk));
		expect(last.status).toBe(204);
	}
	return { id, last: last! };
}

const patch = (actor: Actor, id: string, offset: number, bytes: Uint8Array) =>
	call(uploadRoute.PATCH, actor, {
		method: 'PATCH',
		params: { id },
		body: new Uint8Array(bytes),
		headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) }
	});

describe(`draft sync endpoints (${backend})`, () => {
	it('stores a pushed draft once: replaying the same push answers "unchanged" and writes nothing', async () => {
		const id = randomUUID();
		const body = push(content());
		const first = await put(who.applicant.actor, id, body);
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ status: 'created', version: 1 });
		const again = await put(who.applicant.actor, id, body);
		expect(await again.json()).toMatchObject({ status: 'unchanged', version: 1 });
		expect(await rowCount(id)).toBe(1);
		expect(await auditCount('draft.create', id)).toBe(1);
		expect(await auditCount('draft.update', id)).toBe(0);
	});

	it('an edit based on an old version gets 409 with the server copy, and nothing is written', async () => {
		const id = randomUUID();
		await put(who.applicant.actor, id, push(content()));
		const edited = content();
		edited.title.specialty = '机械设计';
		expect((await put(who.applicant.actor, id, push(edited, 1, 'phone-b'))).status).toBe(200);
		const stale = content();
		stale.title.specialty = '自动化';
		const res = await put(who.applicant.actor, id, push(stale, 1, 'phone-a'));
		expect(res.status).toBe(409);
		const body = await res.json();
		expect(body.server).toMatchObject({ version: 2, clientId: 'phone-b' });
		expect(body.server.content.title.specialty).toBe('机械设计');
		expect(body.message).toMatch(/其他设备/);
		const [row] = await db().select().from(applications).where(eq(applications.id, id));
		expect(row.version).toBe(2);
		expect((row.content as ApplicationDraft).title.specialty).toBe('机械设计');
	});

	it('a tampered payload (unknown key, oversize text, unknown procedure) is refused with Chinese field errors; no row', async () => {
		const cases: [unknown, RegExp][] = [
			[{ ...content(), personal: { ...content().personal, isAdmin: true } }, /不允许的字段/],
			[{ ...content(), title: { ...content().title, specialty: 'x'.repeat(2001) } }, /内容过长/],
			[{ ...content(), kind: 'promotion' }, /办理事项无效/]
		];
		for (const [tampered, message] of cases) {
			const id = randomUUID();
			const res = await put(who.applicant.actor, id, push(tampered));
			expect(res.status).toBe(400);
			const body = await res.json();
			expect(body.message).toMatch(/服务器未保存/);
			expect(Object.values(body.fields).join()).toMatch(message);
			expect(await rowCount(id)).toBe(0);
		}
		const badEnvelope = await put(who.applicant.actor, randomUUID(), {
			...push(content()),
			baseVersion: -1
		});
		expect(badEnvelope.status).toBe(400);
	});

	it("another person's draft UUID is refused (403, Chinese), their draft untouched, the denial audited", async () => {
		const id = randomUUID();
		await put(other.applicant.actor, id, push(content()));
		const hijack = content();
		hijack.title.specialty = '篡改';
		const res = await put(who.applicant.actor, id, push(hijack, 1));
		expect(res.status).toBe(403);
		expect((await res.json()).message).toMatch(/属于其他账号/);
		const [row] = await db().select().from(applications).where(eq(applications.id, id));
		expect(row.applicantId).toBe(other.applicant.user.id);
		expect(row.version).toBe(1);
		expect((row.content as ApplicationDraft).title.specialty).not.toBe('篡改');
		expect(await auditCount('draft.save', id, 'denied')).toBe(1);
	});

	it('refuses writes without this origin, without sign-in, and from staff', async () => {
		const id = randomUUID();
		expect(
			(await put(who.applicant.actor, id, push(content()), { origin: 'https://evil.example' }))
				.status
		).toBe(403);
		expect((await put(null as never, id, push(content()))).status).toBe(401);
		expect((await put(who.employer.actor, id, push(content()))).status).toBe(403);
		expect(await rowCount(id)).toBe(0);
	});
});

describe(`resumable uploads (${backend})`, () => {
	it("uploads in chunks, verifies the phone's bytes, and the owner downloads the sanitised copy", async () => {
		const { id, last } = await upload(who.applicant.actor, photo, 'image/jpeg', 4096);
		expect(last.headers.get('upload-offset')).toBe(String(photo.length));
		expect(last.headers.get('upload-complete')).toBe('1');
		const res = await call(contentRoute.GET, who.applicant.actor, { params: { id } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		// The server keeps a re-encoded copy (issue 10.4): the same picture, not the same bytes.
		const served = new Uint8Array(await res.arrayBuffer());
		const [a, b] = [await sharp(served).metadata(), await sharp(photo).metadata()];
		expect([a.format, a.width, a.height]).toEqual([b.format, b.width, b.height]);
		expect(res.headers.get('etag')).toBe(`"${sha(served)}"`);
	});

	it('a replayed chunk is acknowledged and not written twice; a gap gets 409 with the resume offset', async () => {
		const id = randomUUID();
		const bytes = new Uint8Array(photo);
		await call(uploadsRoute.POST, who.applicant.actor, {
			method: 'POST',
			json: { id, name: 'p.jpg', mime: 'image/jpeg', size: bytes.length, sha256: sha(bytes) }
		});
		const half = 1000;
		expect(
			(await patch(who.applicant.actor, id, 0, bytes.subarray(0, half))).headers.get(
				'upload-offset'
			)
		).toBe('1000');
		const replay = await patch(who.applicant.actor, id, 0, bytes.subarray(0, half));
		expect(replay.status).toBe(204);
		expect(replay.headers.get('upload-offset')).toBe('1000');
		const gap = await patch(who.applicant.actor, id, 5000, bytes.subarray(5000, 6000));
		expect(gap.status).toBe(409);
		expect(gap.headers.get('upload-offset')).toBe('1000');
		const head = await call(uploadRoute.HEAD, who.applicant.actor, {
			method: 'HEAD',
			params: { id }
		});
		expect(head.headers.get('upload-offset')).toBe('1000');
		// A retried chunk that overlaps what arrived appends only the new part.
		const done = await patch(who.applicant.actor, id, 500, bytes.subarray(500));
		expect(done.status).toBe(204);
		expect(done.headers.get('upload-complete')).toBe('1');
		const [row] = await db().select().from(attachments).where(eq(attachments.id, id));
		// Verified against the declaration (the phone's bytes), then stored re-encoded.
		expect([row.size, row.sha256]).toEqual([bytes.length, sha(bytes)]);
		expect((await sharp(row.data).metadata()).width).toBe((await sharp(bytes).metadata()).width);
		// Declaring the same file again is a replay, not a second row.
		const redeclare = await call(uploadsRoute.POST, who.applicant.actor, {
			method: 'POST',
			json: { id, name: 'p.jpg', mime: 'image/jpeg', size: bytes.length, sha256: sha(bytes) }
		});
		expect(await redeclare.json()).toMatchObject({ received: bytes.length, complete: true });
	});

	it('an oversize file is refused at declaration with a Chinese message; nothing stored', async () => {
		const id = randomUUID();
		const res = await call(uploadsRoute.POST, who.applicant.actor, {
			method: 'POST',
			json: {
				id,
				name: 'big.pdf',
				mime: 'application/pdf',
				size: 10 * 1024 * 1024 + 1,
				sha256: 'a'.repeat(64)
			}
		});
		expect(res.status).toBe(413);
		expect((await res.json()).message).toMatch(/10 MB/);
		expect(await db().select().from(attachments).where(eq(attachments.id, id))).toHaveLength(0);
	});

	it('a wrong checksum is refused (422) and nothing is kept as complete', async () => {
		const id = randomUUID();
		await call(uploadsRoute.POST, who.applicant.actor, {
			method: 'POST',
			json: { id, name: 'p.jpg', mime: 'image/jpeg', size: photo.length, sha256: 'b'.repeat(64) }
		});
		const res = await patch(who.applicant.actor, id, 0, photo);
		expect(res.status).toBe(422);
		expect((await res.json()).message).toMatch(/校验失败/);
		const [row] = await db().select().from(attachments).where(eq(attachments.id, id));
		expect(row).toMatchObject({ complete: false, received: 0 });
		expect(row.data.length).toBe(0);
		expect(await auditCount('attachment.complete', id, 'failed')).toBe(1);
		expect(
			(await call(contentRoute.GET, who.applicant.actor, { params: { id } }).catch((e) => e)).status
		).toBe(404);
	});

	it('bytes that are not what the declared type says are refused (magic bytes)', async () => {
		const fake = new TextEncoder().encode('MZ this is an executable, not a JPEG'.repeat(10));
		const id = randomUUID();
		await call(uploadsRoute.POST, who.applicant.actor, {
			method: 'POST',
			json: { id, name: 'x.jpg', mime: 'image/jpeg', size: fake.length, sha256: sha(fake) }
		});
		const res = await patch(who.applicant.actor, id, 0, fake);
		expect(res.status).toBe(415);
		const [row] = await db().select().from(attachments).where(eq(attachments.id, id));
		expect(row.complete).toBe(false);
	});

	it("another person's attachment can be neither read, resumed nor downloaded", async () => {
		const { id } = await upload(other.applicant.actor, photo);
		const mine = who.applicant.actor;
		expect((await call(uploadRoute.HEAD, mine, { method: 'HEAD', params: { id } })).status).toBe(
			403
		);
		expect((await patch(mine, id, 0, photo.subarray(0, 10))).status).toBe(403);
		const download = await call(contentRoute.GET, mine, { params: { id } }).catch((e) => e);
		expect(download.status).toBe(403);
	});
});

describe(`submission (${backend})`, () => {
	it('a synced draft whose files are all on the server goes to the employer', async () => {
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
		const diploma = await upload(who.applicant.actor, pdf, 'application/pdf');
		const cert = await upload(who.applicant.actor, pdf, 'application/pdf');
		const pic = await upload(who.applicant.actor, photo);
		const id = randomUUID();
		const c = content(
			[
				{
					id: diploma.id,
					name: 'd.pdf',
					mime: 'application/pdf',
					size: pdf.length,
					sha256: sha(pdf),
					purpose: 'diploma'
				},
				{
					id: cert.id,
					name: 'c.pdf',
					mime: 'application/pdf',
					size: pdf.length,
					sha256: sha(pdf),
					purpose: 'titleCertificate'
				}
			],
			{
				id: pic.id,
				mime: 'image/jpeg',
				size: photo.length,
				sha256: sha(photo),
				width: 413,
				height: 579
			}
		);
		expect((await put(who.applicant.actor, id, push(c))).status).toBe(200);
		const [linked] = await db().select().from(attachments).where(eq(attachments.id, pic.id));
		expect(linked).toMatchObject({ applicationId: id, purpose: 'photo' });

		const res = await call(submitRoute.POST, who.applicant.actor, {
			method: 'POST',
			params: { id },
			json: { version: 1 }
		});
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toMatchObject({ state: 'awaitingEmployer', record: { version: 2 } });
		// The employer reviewing it may now see the photo; sync may no longer change it.
		const seen = await call(contentRoute.GET, who.employer.actor, { params: { id: pic.id } });
		expect(seen.status).toBe(200);
		const late = await put(who.applicant.actor, id, push(c, 2));
		expect(late.status).toBe(409);
		expect((await late.json()).message).toMatch(/已提交/);
		const list = await (await call(listRoute.GET, who.applicant.actor)).json();
		expect(list.applications.find((a: { id: string }) => a.id === id)).toMatchObject({
			state: 'awaitingEmployer',
			record: null
		});
	});

	it('refuses to submit while a named file has not fully arrived, keyed by section', async () => {
		const id = randomUUID();
		const missing = {
			id: randomUUID(),
			mime: 'image/jpeg' as const,
			size: 100,
			sha256: 'c'.repeat(64),
			width: 413,
			height: 579
		};
		const c = content(
			[
				{
					id: randomUUID(),
					name: 'd.pdf',
					mime: 'application/pdf',
					size: 10,
					sha256: 'd'.repeat(64),
					purpose: 'diploma'
				}
			],
			missing
		);
		await put(who.applicant.actor, id, push(c));
		const res = await call(submitRoute.POST, who.applicant.actor, {
			method: 'POST',
			params: { id },
			json: { version: 1 }
		});
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(Object.keys(body.fields).sort()).toEqual(['attachments', 'photo']);
		const [row] = await db().select().from(applications).where(eq(applications.id, id));
		expect(row.state).toBe('draft');
	});

	it('serves the form options with active employers only', async () => {
		const res = await call(optionsRoute.GET, null);
		const body = await res.json();
		expect(body.employers.some((e: { id: string }) => e.id === who.employer.orgId)).toBe(true);
		expect(body.qualifications.engineering.intermediate).toContain('工程师');
	});
});

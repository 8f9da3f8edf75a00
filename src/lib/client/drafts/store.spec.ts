import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../domain/errors.js';
import * as drafts from './store.js';
import { bytes, content, freshDb, jpeg, withAttachment } from './test-helpers.js';

const ALICE = 'user-alice';
const BOB = 'user-bob';

beforeEach(freshDb);

async function newDraft(userId = ALICE, specialty = '') {
	return drafts.saveDraft(userId, {
		id: crypto.randomUUID(),
		content: content('evaluation', specialty)
	});
}

describe('saveDraft / listDrafts / getDraft', () => {
	it('autosaves as local with a later updatedAt on every save', async () => {
		const first = await newDraft();
		const second = await drafts.saveDraft(ALICE, {
			id: first.id,
			content: content('evaluation', '电气')
		});
		expect(first).toMatchObject({ syncState: 'local', version: 0, server: null });
		expect(second.updatedAt > first.updatedAt).toBe(true);
		expect((await drafts.getDraft(first.id))?.content.title.specialty).toBe('电气');
	});

	it('lists only the user’s own drafts, newest first', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2024-05-01T08:00:00Z'));
			const a1 = await newDraft(ALICE);
			await newDraft(BOB);
			vi.setSystemTime(new Date('2024-05-01T08:01:00Z'));
			const a2 = await newDraft(ALICE);
			expect((await drafts.listDrafts(ALICE)).map((d) => d.id)).toEqual([a2.id, a1.id]);
		} finally {
			vi.useRealTimers();
		}
	});

	it('refuses to overwrite another user’s draft', async () => {
		const bobs = await newDraft(BOB);
		const err = await drafts.saveDraft(ALICE, { id: bobs.id, content: content() }).catch((e) => e);
		expect(isAppError(err) && err.code).toBe('FORBIDDEN');
		expect((await drafts.getDraft(bobs.id))?.userId).toBe(BOB);
	});

	it('createDraft starts an empty form of the procedure with a fresh UUID', async () => {
		const draft = await drafts.createDraft(ALICE, 'reissue', { name: '李四' });
		expect(draft.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(draft.content).toMatchObject({ kind: 'reissue', personal: { name: '李四' } });
	});
});

describe('countUnsynced', () => {
	it('counts every user’s drafts that are not on the server', async () => {
		const synced = await newDraft(ALICE);
		await drafts.markSynced(synced.id, 1);
		const failed = await newDraft(ALICE);
		await drafts.markError(failed.id, '服务器拒绝');
		await newDraft(BOB);
		expect(await drafts.countUnsynced()).toBe(2);
	});
});

describe('blobs', () => {
	it('stores bytes with their WebCrypto sha256 and gives them back unchanged', async () => {
		const data = bytes(5000);
		const ref = await drafts.putBlob(ALICE, jpeg(5000));
		expect(ref).toMatchObject({ size: 5000, mime: 'image/jpeg', name: 'photo-1.jpg' });
		expect(ref.sha256).toBe(createHash('sha256').update(data).digest('hex'));
		const stored = await drafts.getBlob(ref.id);
		expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(data);
		expect(stored).toMatchObject({ uploadedBytes: 0, userId: ALICE });
	});

	it('refuses files over 10 MB and types other than PDF, JPEG, PNG', async () => {
		const big = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'application/pdf' });
		const exe = new Blob([bytes(10)], { type: 'application/x-msdownload' });
		expect((await drafts.putBlob(ALICE, big).catch((e) => e)).code).toBe('UPLOAD_TOO_LARGE');
		expect((await drafts.putBlob(ALICE, exe).catch((e) => e)).code).toBe('UPLOAD_BAD_TYPE');
	});
});

describe('markSynced', () => {
	it('marks synced only after the acknowledged content is the current one', async () => {
		const draft = await newDraft();
		const sent = draft.content;
		await drafts.saveDraft(ALICE, { id: draft.id, content: content('evaluation', '改过') });
		expect(await drafts.markSynced(draft.id, 1, sent)).toBe('local');
		expect(await drafts.getDraft(draft.id)).toMatchObject({ version: 1, syncState: 'local' });
		expect(await drafts.markSynced(draft.id, 2)).toBe('synced');
	});

	it('is not synced while a file has bytes the server has not acknowledged', async () => {
		const c = await withAttachment(ALICE, content(), 3000);
		const draft = await drafts.saveDraft(ALICE, { id: crypto.randomUUID(), content: c });
		expect(await drafts.markSynced(draft.id, 1)).toBe('local');
		await drafts.setUploadedBytes(c.attachments[0].id, 3000);
		expect(await drafts.markSynced(draft.id, 1)).toBe('synced');
	});
});

describe('conflicts', () => {
	const serverCopy = (
		id: string,
		version: number,
		specialty: string,
		clientId = 'other-phone'
	) => ({
		id,
		version,
		updatedAt: '2024-05-01T00:00:00.000Z',
		content: content('evaluation', specialty),
		clientId
	});

	it('keeps both copies and stays in conflict while the person keeps typing', async () => {
		const draft = await newDraft(ALICE, '本机');
		expect(await drafts.recordConflict(draft.id, serverCopy(draft.id, 3, '服务器'))).toBe(
			'conflict'
		);
		await drafts.saveDraft(ALICE, { id: draft.id, content: content('evaluation', '本机2') });
		expect(await drafts.getDraft(draft.id)).toMatchObject({
			syncState: 'conflict',
			version: 0,
			content: { title: { specialty: '本机2' } },
			server: { version: 3, content: { title: { specialty: '服务器' } } }
		});
	});

	it('treats a copy written by this phone as its own lost write', async () => {
		const draft = await newDraft(ALICE, '后来改的');
		const mine = serverCopy(draft.id, 1, '先发的', await drafts.getClientId());
		expect(await drafts.recordConflict(draft.id, mine)).toBe('local');
		expect(await drafts.getDraft(draft.id)).toMatchObject({ version: 1, server: null });
	});

	it('resolving rebases the merged content on the server version', async () => {
		const draft = await newDraft(ALICE, '本机');
		await drafts.recordConflict(draft.id, serverCopy(draft.id, 3, '服务器'));
		expect(await drafts.resolveConflict(draft.id, content('evaluation', '合并'))).toBe('local');
		expect(await drafts.getDraft(draft.id)).toMatchObject({
			syncState: 'local',
			version: 3,
			server: null,
			content: { title: { specialty: '合并' } }
		});
	});
});

describe('deleting', () => {
	it('deleteDraftIfSynced refuses unsynced drafts and removes synced ones with their files', async () => {
		const c = await withAttachment(ALICE, content(), 100);
		const draft = await drafts.saveDraft(ALICE, { id: crypto.randomUUID(), content: c });
		expect(await drafts.deleteDraftIfSynced(draft.id)).toBe(false);
		await drafts.markError(draft.id, '服务器拒绝');
		expect(await drafts.deleteDraftIfSynced(draft.id)).toBe(false);
		expect(await drafts.getDraft(draft.id)).toBeDefined();

		await drafts.setUploadedBytes(c.attachments[0].id, 100);
		await drafts.markSynced(draft.id, 1);
		expect(await drafts.deleteDraftIfSynced(draft.id)).toBe(true);
		expect(await drafts.getDraft(draft.id)).toBeUndefined();
		expect(await drafts.getBlob(c.attachments[0].id)).toBeUndefined();
	});

	it('clearUserDrafts keeps unsynced work and its files unless told otherwise, and other users’ always', async () => {
		const synced = await newDraft(ALICE);
		await drafts.markSynced(synced.id, 1);
		const c = await withAttachment(ALICE, content(), 100);
		const unsent = await drafts.saveDraft(ALICE, { id: crypto.randomUUID(), content: c });
		const bobs = await newDraft(BOB);

		expect(await drafts.clearUserDrafts(ALICE, { includeUnsynced: false })).toEqual({
			deleted: 1,
			kept: 1
		});
		expect(await drafts.getDraft(unsent.id)).toBeDefined();
		expect(await drafts.getBlob(c.attachments[0].id)).toBeDefined();

		expect(await drafts.clearUserDrafts(ALICE, { includeUnsynced: true })).toEqual({
			deleted: 1,
			kept: 0
		});
		expect(await drafts.listDrafts(ALICE)).toEqual([]);
		expect(await drafts.getBlob(c.attachments[0].id)).toBeUndefined();
		expect(await drafts.getDraft(bobs.id)).toBeDefined();
	});
});

describe('export and import', () => {
	async function exportedWithPhoto() {
		const c = await withAttachment(ALICE, content('evaluation', '导出'), 4000, 7);
		const unsent = await drafts.saveDraft(ALICE, { id: crypto.randomUUID(), content: c });
		const synced = await newDraft(ALICE);
		await drafts.markSynced(synced.id, 1);
		return { unsent, file: await drafts.exportUnsent(ALICE) };
	}

	it('round-trips unsent drafts with byte-identical files into an empty browser', async () => {
		const { unsent, file } = await exportedWithPhoto();
		const json = JSON.parse(await file.text());
		expect(json.drafts.map((d: { id: string }) => d.id)).toEqual([unsent.id]);

		await freshDb();
		expect(await drafts.importDrafts(ALICE, file)).toEqual({
			imported: [unsent.id],
			copied: [],
			unchanged: []
		});
		const back = await drafts.getDraft(unsent.id);
		expect(back).toMatchObject({ userId: ALICE, syncState: 'local', content: unsent.content });
		const blob = await drafts.getBlob(unsent.content.attachments[0].id);
		expect(new Uint8Array(await blob!.blob.arrayBuffer())).toEqual(bytes(4000, 7));
	});

	it('keeps different unsent work already here and imports the file’s version as a copy', async () => {
		const { unsent, file } = await exportedWithPhoto();
		await drafts.saveDraft(ALICE, { id: unsent.id, content: content('evaluation', '本机新改') });
		const result = await drafts.importDrafts(ALICE, file);
		expect(result.imported).toEqual([]);
		expect(result.copied).toHaveLength(1);
		expect((await drafts.getDraft(unsent.id))?.content.title.specialty).toBe('本机新改');
		expect((await drafts.getDraft(result.copied[0]))?.content.title.specialty).toBe('导出');
		expect(await drafts.importDrafts(ALICE, file)).toMatchObject({ unchanged: [unsent.id] });
	});

	it('rejects a tampered file, another user’s file and junk, writing nothing', async () => {
		const { file } = await exportedWithPhoto();
		const json = JSON.parse(await file.text());
		json.files[0].data = json.files[0].data.replace(/^.{4}/, 'AAAA');
		await freshDb();
		const tampered = new Blob([JSON.stringify(json)]);
		expect((await drafts.importDrafts(ALICE, tampered).catch((e) => e)).message).toMatch(
			/校验不一致/
		);
		expect((await drafts.importDrafts(BOB, file).catch((e) => e)).code).toBe('FORBIDDEN');
		expect(
			(await drafts.importDrafts(ALICE, new Blob(['not json'])).catch((e) => e)).message
		).toMatch(/不是本平台导出/);
		expect(await drafts.listDrafts(ALICE)).toEqual([]);
	});
});

import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationDraft } from '../../domain/application-form.js';
import {
	applyPush,
	mergeFieldByField,
	type Push,
	type ServerRecord
} from '../../domain/sync-protocol.js';
import * as drafts from './store.js';
import { RejectedError, SyncQueue, type SyncTransport, type UploadInfo } from './sync.js';
import { bytes, content, freshDb, withAttachment } from './test-helpers.js';

const ALICE = 'user-alice';
const KB = 1024;

type Fault = 'ok' | 'fail' | 'drop' | 'reject';
type Call = 'push' | 'chunk' | 'status';

/**
 * The server side of the HTTP contract in sync.ts, in memory. Faults are queued per call type:
 * 'fail' throws before the server does anything, 'drop' lets the server act and then loses the
 * answer, 'reject' is a final 4xx.
 */
class FakeServer implements SyncTransport {
	records = new Map<string, ServerRecord<ApplicationDraft>>();
	uploads = new Map<string, { bytes: Uint8Array; sha256: string }>();
	calls: { call: Call; offset?: number; length?: number }[] = [];
	private faults: Record<Call, Fault[]> = { push: [], chunk: [], status: [] };
	/** Runs before a push is applied: lets a test edit the draft while the request is in flight. */
	beforePush?: () => Promise<void>;

	fault(call: Call, ...faults: Fault[]) {
		this.faults[call].push(...faults);
		return this;
	}

	private async act<T>(call: Call, work: () => T | Promise<T>): Promise<T> {
		const fault = this.faults[call].shift();
		if (fault === 'fail') throw new TypeError('Failed to fetch');
		if (fault === 'reject') throw new RejectedError('服务器拒绝');
		const result = await work();
		if (fault === 'drop') throw new TypeError('network connection was lost');
		return result;
	}

	push(push: Push<ApplicationDraft>) {
		this.calls.push({ call: 'push' });
		return this.act('push', async () => {
			await this.beforePush?.();
			const out = applyPush(this.records.get(push.id), structuredClone(push));
			if (out.status === 'conflict') return { status: 'conflict' as const, server: out.server };
			this.records.set(push.id, out.record);
			return { status: 'ok' as const, version: out.record.version };
		});
	}

	uploadStatus(upload: UploadInfo) {
		this.calls.push({ call: 'status' });
		return this.act('status', () => ({ received: this.uploads.get(upload.id)?.bytes.length ?? 0 }));
	}

	uploadChunk(upload: UploadInfo, offset: number, chunk: Uint8Array) {
		this.calls.push({ call: 'chunk', offset, length: chunk.length });
		return this.act('chunk', () => {
			const held = this.uploads.get(upload.id)?.bytes ?? new Uint8Array();
			if (offset !== held.length) return { received: held.length }; // 409 offset mismatch
			const next = new Uint8Array([...held, ...chunk]);
			if (next.length === upload.size) {
				const digest = createHash('sha256').update(next).digest('hex');
				if (digest !== upload.sha256) throw new RejectedError('附件校验失败');
			}
			this.uploads.set(upload.id, { bytes: next, sha256: upload.sha256 });
			return { received: next.length };
		});
	}

	chunkOffsets() {
		return this.calls.filter((c) => c.call === 'chunk').map((c) => c.offset);
	}
}

let server: FakeServer;
let sleeps: number[];
const queue = (extra: Partial<ConstructorParameters<typeof SyncQueue>[0]> = {}) =>
	new SyncQueue({
		transport: server,
		userId: ALICE,
		chunkSize: 64 * KB,
		sleep: async (ms) => void sleeps.push(ms),
		random: () => 1,
		...extra
	});

async function localDraft(specialty = '', fileLength = 0) {
	let c = content('evaluation', specialty);
	if (fileLength) c = await withAttachment(ALICE, c, fileLength);
	return drafts.saveDraft(ALICE, { id: crypto.randomUUID(), content: c });
}

/** Everything in IndexedDB, to prove sync removed nothing. */
async function snapshot() {
	const list = await drafts.listDrafts(ALICE);
	const files = list.flatMap((d) => d.content.attachments.map((a) => a.id));
	const blobs = await Promise.all(files.map((id) => drafts.getBlob(id)));
	return { drafts: list.map((d) => d.id).sort(), blobs: blobs.filter(Boolean).length };
}

beforeEach(async () => {
	await freshDb();
	server = new FakeServer();
	sleeps = [];
});

describe('SyncQueue', () => {
	it('uploads files in chunks, then the draft; the server has one byte-identical copy', async () => {
		const draft = await localDraft('电气', 200 * KB);
		const progress: number[] = [];
		const report = await queue({ onProgress: (_d, _a, sent) => progress.push(sent) }).syncNow();

		expect(report).toEqual({ synced: [draft.id], conflicts: [], errors: [], pending: [] });
		expect(server.records.get(draft.id)).toMatchObject({ version: 1, content: draft.content });
		const file = draft.content.attachments[0];
		expect(server.uploads.get(file.id)?.bytes).toEqual(bytes(200 * KB));
		expect(server.chunkOffsets()).toEqual([0, 64 * KB, 128 * KB, 192 * KB]);
		expect(progress).toEqual([0, 64 * KB, 128 * KB, 192 * KB, 200 * KB]);
		expect(await drafts.getDraft(draft.id)).toMatchObject({ syncState: 'synced', version: 1 });
		expect(await drafts.getBlob(file.id)).toMatchObject({ uploadedBytes: 200 * KB });
	});

	it('retries network failures with growing backoff, then succeeds', async () => {
		const draft = await localDraft();
		server.fault('push', 'fail', 'fail', 'fail');
		expect((await queue().syncNow()).synced).toEqual([draft.id]);
		expect(sleeps).toEqual([1000, 2000, 4000]);
	});

	it('gives up after maxAttempts, keeping the draft local for the next run', async () => {
		const draft = await localDraft();
		const before = await snapshot();
		server.fault('push', 'fail', 'fail', 'fail');
		expect((await queue({ maxAttempts: 3 }).syncNow()).pending).toEqual([draft.id]);
		expect(await drafts.getDraft(draft.id)).toMatchObject({ syncState: 'local', version: 0 });
		expect(await snapshot()).toEqual(before);
		expect((await queue().syncNow()).synced).toEqual([draft.id]);
	});

	it('stores a push once when its answer was lost and it is sent again', async () => {
		const draft = await localDraft('电气');
		server.fault('push', 'drop');
		expect((await queue().syncNow()).synced).toEqual([draft.id]);
		expect(server.records.get(draft.id)?.version).toBe(1);
		expect(server.calls.filter((c) => c.call === 'push')).toHaveLength(2);
	});

	it('after a lost answer and a new edit, pushes the edit without a conflict', async () => {
		const draft = await localDraft('第一版');
		server.fault('push', 'drop');
		const edited = content('evaluation', '第二版');
		server.beforePush = async () => {
			server.beforePush = undefined;
			await drafts.saveDraft(ALICE, { id: draft.id, content: edited });
		};
		expect((await queue({ maxAttempts: 1 }).syncNow()).pending).toEqual([draft.id]);
		expect(server.records.get(draft.id)?.content.title.specialty).toBe('第一版');

		expect((await queue().syncNow()).synced).toEqual([draft.id]);
		expect(server.records.get(draft.id)).toMatchObject({ version: 2, content: edited });
		expect(await drafts.getDraft(draft.id)).toMatchObject({ version: 2, syncState: 'synced' });
	});

	it('pushes again when the person edited while the push was in flight', async () => {
		const draft = await localDraft('在途');
		server.beforePush = async () => {
			server.beforePush = undefined;
			await drafts.saveDraft(ALICE, { id: draft.id, content: content('evaluation', '在途中又改') });
		};
		expect((await queue().syncNow()).synced).toEqual([draft.id]);
		expect(server.records.get(draft.id)).toMatchObject({ version: 2 });
		expect(server.records.get(draft.id)?.content.title.specialty).toBe('在途中又改');
	});

	it('resumes an interrupted upload from the server’s offset in a new session', async () => {
		const draft = await localDraft('', 300 * KB);
		const file = draft.content.attachments[0];
		server.fault('chunk', 'ok', 'drop', 'fail', 'fail');
		expect((await queue({ maxAttempts: 3 }).syncNow()).pending).toEqual([draft.id]);
		expect(server.uploads.get(file.id)?.bytes.length).toBe(128 * KB);
		expect(server.records.has(draft.id)).toBe(false); // content waits for its files
		expect(await drafts.getBlob(file.id)).toMatchObject({ uploadedBytes: 128 * KB }); // asked after the lost answer

		server.calls = [];
		expect((await queue().syncNow()).synced).toEqual([draft.id]); // page reopened
		expect(server.chunkOffsets()).toEqual([128 * KB, 192 * KB, 256 * KB]);
		expect(server.uploads.get(file.id)?.bytes).toEqual(bytes(300 * KB));
	});

	it('on a conflict keeps both copies; the merged choice syncs next time', async () => {
		const draft = await localDraft('本机');
		const other: ServerRecord<ApplicationDraft> = {
			id: draft.id,
			version: 2,
			updatedAt: '2024-05-01T00:00:00.000Z',
			content: {
				...content('evaluation', '另一台'),
				employment: { ...draft.content.employment, post: '主任' }
			},
			clientId: 'tablet'
		};
		server.records.set(draft.id, other);
		expect((await queue().syncNow()).conflicts).toEqual([draft.id]);
		const stored = await drafts.getDraft(draft.id);
		expect(stored).toMatchObject({ syncState: 'conflict', server: other, content: draft.content });

		const merged = mergeFieldByField(stored!.content, stored!.server!.content, {
			'employment.post': 'server'
		});
		await drafts.resolveConflict(draft.id, merged);
		expect((await queue().syncNow()).synced).toEqual([draft.id]);
		expect(server.records.get(draft.id)).toMatchObject({
			version: 3,
			content: { title: { specialty: '本机' }, employment: { post: '主任' } }
		});
	});

	it('marks a refused draft as error with the reason, keeping it and its files', async () => {
		const draft = await localDraft('', 10 * KB);
		const before = await snapshot();
		server.fault('push', 'reject');
		expect((await queue().syncNow()).errors).toEqual([draft.id]);
		expect(await drafts.getDraft(draft.id)).toMatchObject({
			syncState: 'error',
			error: '服务器拒绝'
		});
		expect(await snapshot()).toEqual(before);
	});

	it('a refused file (e.g. 422 checksum mismatch) ends in error and the content waits', async () => {
		const draft = await localDraft('', 1000);
		server.fault('chunk', 'reject');
		expect((await queue().syncNow()).errors).toEqual([draft.id]);
		expect(server.records.has(draft.id)).toBe(false);
		expect(await drafts.getDraft(draft.id)).toMatchObject({ syncState: 'error' });
	});

	it('coalesces overlapping syncNow calls into sequential runs', async () => {
		await localDraft('a');
		await localDraft('b');
		const q = queue();
		const [r1, r2] = await Promise.all([q.syncNow(), q.syncNow()]);
		expect(r1).toBe(r2);
		expect(r1.synced).toHaveLength(2);
		expect(server.calls.filter((c) => c.call === 'push')).toHaveLength(2);
		expect([...server.records.values()].every((r) => r.version === 1)).toBe(true);
	});
});

/**
 * The sync queue: moves drafts in state 'local' from IndexedDB to the server through an
 * injected transport, so tests can drop, fail and reorder without a network.
 *
 * Expected HTTP shape (the transport implementation maps it; session cookie for auth):
 *
 *   PUT   /api/drafts/:id        {baseVersion, updatedAt, content, clientId}
 *                                200 {version}          stored (created / updated / unchanged)
 *                                409 {server}           edit based on an old version; server copy
 *                                400 / 403 / 404        refused for good → throw RejectedError
 *   HEAD  /api/uploads/:id       200 Upload-Offset: n   bytes the server holds (404 → 0)
 *   PATCH /api/uploads/:id       Upload-Offset: n, Upload-Length: size, Upload-Checksum-SHA256:
 *                                hex of the whole file, X-Draft-Id, Content-Type:
 *                                application/offset+octet-stream, body = bytes
 *                                204 Upload-Offset: n'  accepted; when n' = size the server has
 *                                                       verified the checksum
 *                                409 Upload-Offset: m   offset mismatch → resolve {received: m}
 *                                413 / 415 / 422        too large / bad type / checksum wrong
 *                                                       → throw RejectedError
 *   Network failures and 5xx throw anything else: retried with backoff.
 *
 * Order per draft: files first (resuming from the server's offset), then the content, so a
 * draft is 'synced' only when the server has everything. The queue never deletes anything.
 */
import { fileRefs, type ApplicationDraft } from '../../domain/application-form.js';
import { buildPush, type Push, type ServerRecord } from '../../domain/sync-protocol.js';
import * as store from './store.js';

export interface UploadInfo {
	id: string;
	draftId: string;
	name: string;
	mime: string;
	size: number;
	sha256: string;
}

export type PushAnswer =
	| { status: 'ok'; version: number }
	| { status: 'conflict'; server: ServerRecord<ApplicationDraft> };

export interface SyncTransport {
	/** Throws RejectedError for a final refusal, anything else for a network failure. */
	push(draft: Push<ApplicationDraft>): Promise<PushAnswer>;
	uploadChunk(upload: UploadInfo, offset: number, bytes: Uint8Array): Promise<{ received: number }>;
	uploadStatus(upload: UploadInfo): Promise<{ received: number }>;
}

/** The server refused for good (validation, permission, checksum): do not retry. */
export class RejectedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RejectedError';
	}
}

export type ProgressFn = (
	draftId: string,
	attachmentId: string,
	sent: number,
	total: number
) => void;

export interface SyncOptions {
	transport: SyncTransport;
	userId: string;
	onProgress?: ProgressFn;
	/** Called whenever a draft's syncState may have changed (refresh the status line). */
	onStateChange?: (draftId: string, state: store.SyncState) => void;
	chunkSize?: number;
	/** Network failures in a row before giving up until the next run. */
	maxAttempts?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
}

export interface SyncReport {
	synced: string[];
	conflicts: string[];
	errors: string[];
	/** Still only on this phone (network gave up, or edited again during sync). */
	pending: string[];
}

const REPORT_KEYS = ['synced', 'conflicts', 'errors', 'pending'] as const;
const REJECTED_UPLOAD = '服务器未接受该附件，请删除后重新上传。';

export class SyncQueue {
	private readonly o: Required<Omit<SyncOptions, 'onProgress' | 'onStateChange'>> & SyncOptions;
	private running: Promise<SyncReport> | null = null;
	private again = false;

	constructor(options: SyncOptions) {
		this.o = {
			chunkSize: 256 * 1024,
			maxAttempts: 5,
			baseDelayMs: 1000,
			maxDelayMs: 60_000,
			sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
			random: Math.random,
			...options
		};
	}

	/** Runs now; a call during a run schedules one more run instead of running twice. */
	syncNow(): Promise<SyncReport> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			const last = new Map<string, keyof SyncReport>();
			do {
				this.again = false;
				const report = await this.runExclusive();
				for (const key of REPORT_KEYS) for (const id of report[key]) last.set(id, key);
			} while (this.again);
			const merged: SyncReport = { synced: [], conflicts: [], errors: [], pending: [] };
			for (const [id, key] of last) merged[key].push(id);
			return merged;
		})().finally(() => (this.running = null));
		return this.running;
	}

	/** Syncs whenever the browser comes back online; returns the unsubscribe function. */
	listen(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
		const handler = () => void this.syncNow();
		target.addEventListener('online', handler);
		return () => target.removeEventListener('online', handler);
	}

	/** One tab at a time (Web Locks where available); the protocol tolerates overlap anyway. */
	private runExclusive(): Promise<SyncReport> {
		const locks = globalThis.navigator?.locks;
		return locks ? locks.request('zhicheng-drafts-sync', () => this.run()) : this.run();
	}

	private async run(): Promise<SyncReport> {
		const report: SyncReport = { synced: [], conflicts: [], errors: [], pending: [] };
		const drafts = await store.listDrafts(this.o.userId);
		for (const { id } of drafts.filter((d) => d.syncState === 'local')) {
			let state: store.SyncState | null;
			try {
				state = await this.syncDraft(id);
			} catch (e) {
				if (!(e instanceof RejectedError)) {
					report.pending.push(id);
					continue;
				}
				state = await store.markError(id, e.message);
			}
			if (!state) continue; // deleted meanwhile
			this.o.onStateChange?.(id, state);
			const bucket = {
				synced: 'synced',
				conflict: 'conflicts',
				error: 'errors',
				local: 'pending'
			} as const;
			report[bucket[state]].push(id);
		}
		return report;
	}

	/** Files, then content; again if the person edited meanwhile or it was our own lost write. */
	private async syncDraft(id: string): Promise<store.SyncState | null> {
		for (let pass = 0; pass < 3; pass++) {
			const draft = await store.getDraft(id);
			if (!draft || draft.syncState !== 'local') return draft?.syncState ?? null;
			for (const ref of fileRefs(draft.content)) await this.upload(id, ref.id);
			const clientId = await store.getClientId();
			const push = buildPush(id, draft, { clientId, updatedAt: draft.updatedAt });
			const answer = await this.retrying(() => this.o.transport.push(push));
			const state =
				answer.status === 'ok'
					? await store.markSynced(id, answer.version, push.content)
					: await store.recordConflict(id, answer.server);
			if (state !== 'local') return state;
		}
		return 'local';
	}

	/** Chunked upload resuming from what the server says it holds; the server is the authority. */
	private async upload(draftId: string, blobId: string): Promise<void> {
		const blob = await store.getBlob(blobId);
		if (!blob || blob.uploadedBytes >= blob.size) return; // not on this phone, or done
		const { id, name, mime, size, sha256 } = blob;
		const info: UploadInfo = { id, draftId, name, mime, size, sha256 };
		const checked = ({ received }: { received: number }) => {
			if (!Number.isInteger(received) || received < 0 || received > size) {
				throw new RejectedError(REJECTED_UPLOAD);
			}
			return received;
		};
		let received = checked(await this.retrying(() => this.o.transport.uploadStatus(info)));
		for (let failures = 0; ;) {
			await store.setUploadedBytes(id, received);
			this.o.onProgress?.(draftId, id, received, size);
			if (received === size) return;
			const offset = received;
			try {
				const bytes = new Uint8Array(
					await blob.blob.slice(offset, offset + this.o.chunkSize).arrayBuffer()
				);
				received = checked(await this.o.transport.uploadChunk(info, offset, bytes));
				if (received <= offset) throw new Error('upload made no progress');
				failures = 0;
			} catch (e) {
				if (e instanceof RejectedError || ++failures >= this.o.maxAttempts) throw e;
				await this.o.sleep(this.delay(failures));
				// The chunk may or may not have arrived: ask instead of guessing.
				received = checked(await this.retrying(() => this.o.transport.uploadStatus(info)));
			}
		}
	}

	private async retrying<T>(call: () => Promise<T>): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			try {
				return await call();
			} catch (e) {
				if (e instanceof RejectedError || attempt >= this.o.maxAttempts) throw e;
				await this.o.sleep(this.delay(attempt));
			}
		}
	}

	/** Exponential backoff with jitter, so phones coming online together do not stampede. */
	private delay(attempt: number): number {
		const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
		return Math.round(ceiling * (0.5 + this.o.random() / 2));
	}
}

/**
 * Drafts on the phone: IndexedDB database `zhicheng` (via idb), the source of truth while
 * offline. Autosave writes here on every change; `sync.ts` moves it to the server.
 *
 * Stores:
 * - `drafts`  keyed by the client-generated UUID; indexes `userId`, `syncState`.
 *             syncState: 'local' (saved on this phone, not yet on the server), 'synced',
 *             'conflict' (the server copy is kept beside the local one until the person
 *             chooses), 'error' (the server refused it; the message says why).
 * - `blobs`   attachment bytes keyed by attachment id, with sha256 (WebCrypto), size, mime and
 *             `uploadedBytes` (how much the server has acknowledged, for resumable upload).
 *             Bytes are stored as ArrayBuffer, not Blob: older iOS Safari lost Blobs in IDB.
 * - `meta`    small values: cached option lists, this device's sync `clientId`.
 *
 * Rule: nothing unsynced leaves this database except through `clearUserDrafts` with
 * `includeUnsynced`, which the UI calls only after asking the person.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
	ATTACHMENT_MIMES,
	MAX_ATTACHMENT_BYTES,
	emptyDraft,
	fileRefs,
	type ApplicationDraft
} from '../../domain/application-form.js';
import { AppError } from '../../domain/errors.js';
import { sha256Hex } from './checksum.js';
import { decodeExport, encodeExport, type ExportedFile } from './export-file.js';
import type { ProcedureKind } from '../../domain/procedures.js';
import {
	acceptAck,
	acceptConflict,
	resolveConflict as rebase,
	sameContent,
	type ServerRecord
} from '../../domain/sync-protocol.js';

export type SyncState = 'local' | 'synced' | 'conflict' | 'error';

/** What the status line says; 'conflict' and 'error' both need the person. */
export const syncStateLabels: Record<SyncState, string> = {
	local: '已保存在本机',
	synced: '已同步',
	conflict: '需要处理：与服务器上的版本不一致',
	error: '需要处理：同步失败'
};

export type ServerCopy = ServerRecord<ApplicationDraft>;

export interface StoredDraft {
	id: string;
	userId: string;
	/** Last version the server acknowledged (0: never synced); local content is based on it. */
	version: number;
	/** Time of the last local edit (ISO). */
	updatedAt: string;
	content: ApplicationDraft;
	syncState: SyncState;
	/** The server's copy while in 'conflict'. */
	server: ServerCopy | null;
	/** Chinese message while in 'error'. */
	error: string | null;
}

export interface BlobMeta {
	id: string;
	userId: string;
	name: string;
	mime: string;
	size: number;
	sha256: string;
	uploadedBytes: number;
	createdAt: string;
}
interface StoredBlob extends BlobMeta {
	bytes: ArrayBuffer;
}

interface ZhichengDB extends DBSchema {
	drafts: { key: string; value: StoredDraft; indexes: { userId: string; syncState: SyncState } };
	blobs: { key: string; value: StoredBlob; indexes: { userId: string } };
	meta: { key: string; value: unknown };
}
type Db = IDBPDatabase<ZhichengDB>;
type DraftTx = IDBPTransaction<ZhichengDB, ('drafts' | 'blobs')[], 'readwrite'>;

export const DB_NAME = 'zhicheng';
let dbPromise: Promise<Db> | null = null;

export function openStore(): Promise<Db> {
	dbPromise ??= openDB<ZhichengDB>(DB_NAME, 1, {
		upgrade(db) {
			const drafts = db.createObjectStore('drafts', { keyPath: 'id' });
			drafts.createIndex('userId', 'userId');
			drafts.createIndex('syncState', 'syncState');
			db.createObjectStore('blobs', { keyPath: 'id' }).createIndex('userId', 'userId');
			db.createObjectStore('meta');
		},
		// A newer tab wants to upgrade the schema: let it, and reopen on next use.
		blocking() {
			void closeStore();
		}
	});
	return dbPromise;
}

export async function closeStore(): Promise<void> {
	const pending = dbPromise;
	dbPromise = null;
	if (pending) (await pending).close();
}

// ---------------------------------------------------------------- drafts

/** Strictly after `previous`, so edits stay ordered even within one millisecond. */
function stamp(previous?: string): string {
	const now = Date.now();
	const prev = previous ? Date.parse(previous) : 0;
	return new Date(Math.max(now, prev + 1)).toISOString();
}

export async function createDraft(
	userId: string,
	kind: ProcedureKind,
	profile?: Parameters<typeof emptyDraft>[1]
): Promise<StoredDraft> {
	return saveDraft(userId, { id: crypto.randomUUID(), content: emptyDraft(kind, profile) });
}

/** Autosave. A draft in conflict stays in conflict (both copies kept) until resolved. */
export async function saveDraft(
	userId: string,
	draft: { id: string; content: ApplicationDraft }
): Promise<StoredDraft> {
	const tx = (await openStore()).transaction('drafts', 'readwrite');
	const existing = await tx.store.get(draft.id);
	if (existing && existing.userId !== userId) throw new AppError('FORBIDDEN');
	const next: StoredDraft = {
		version: 0,
		server: null,
		...existing,
		id: draft.id,
		userId,
		content: draft.content,
		updatedAt: stamp(existing?.updatedAt),
		syncState: existing?.syncState === 'conflict' ? 'conflict' : 'local',
		error: null
	};
	await tx.store.put(next);
	await tx.done;
	return next;
}

export async function getDraft(id: string): Promise<StoredDraft | undefined> {
	return (await openStore()).get('drafts', id);
}

/** Drafts of anyone on this phone not yet on the server: the app update waits while > 0. */
export async function countUnsynced(): Promise<number> {
	const db = await openStore();
	const counts = await Promise.all(
		(['local', 'conflict', 'error'] as const).map((state) =>
			db.countFromIndex('drafts', 'syncState', state)
		)
	);
	return counts.reduce((a, b) => a + b, 0);
}

/** Newest first. */
export async function listDrafts(userId: string): Promise<StoredDraft[]> {
	const drafts = await (await openStore()).getAllFromIndex('drafts', 'userId', userId);
	return drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** 'synced' only if the server holds this exact content AND every file's bytes. */
async function settle(tx: DraftTx, draft: StoredDraft, contentSynced: boolean) {
	let synced = contentSynced;
	for (const ref of fileRefs(draft.content)) {
		const blob = await tx.objectStore('blobs').get(ref.id);
		if (blob && blob.uploadedBytes < blob.size) synced = false;
	}
	const next: StoredDraft = {
		...draft,
		syncState: synced ? 'synced' : 'local',
		server: null,
		error: null
	};
	await tx.objectStore('drafts').put(next);
	return next.syncState;
}

async function updateDraft(
	id: string,
	change: (tx: DraftTx, draft: StoredDraft) => Promise<SyncState>
): Promise<SyncState> {
	const tx = (await openStore()).transaction(['drafts', 'blobs'], 'readwrite');
	const draft = await tx.objectStore('drafts').get(id);
	if (!draft) throw new AppError('NOT_FOUND');
	const state = await change(tx, draft);
	await tx.done;
	return state;
}

/**
 * Call only after the server acknowledged `version` for `ackedContent` (default: the current
 * content). Edits made while the push was in flight keep the draft 'local'.
 */
export function markSynced(
	id: string,
	version: number,
	ackedContent?: ApplicationDraft
): Promise<SyncState> {
	return updateDraft(id, (tx, draft) => {
		const ack = acceptAck(draft, ackedContent ?? draft.content, version);
		return settle(tx, { ...draft, version: ack.state.version }, ack.synced);
	});
}

/** A 409 answer. Its own lost write just advances the version; otherwise both copies are kept. */
export async function recordConflict(id: string, server: ServerCopy): Promise<SyncState> {
	const clientId = await getClientId();
	return updateDraft(id, async (tx, draft) => {
		const answer = acceptConflict(draft, server, clientId);
		if (answer.ownWrite)
			return settle(tx, { ...draft, version: answer.state.version }, answer.synced);
		await tx.objectStore('drafts').put({ ...draft, syncState: 'conflict', server, error: null });
		return 'conflict';
	});
}

/** The person chose field by field; `merged` is based on the server copy they saw. */
export function resolveConflict(id: string, merged: ApplicationDraft): Promise<SyncState> {
	return updateDraft(id, async (tx, draft) => {
		if (!draft.server) return draft.syncState;
		const { state, synced } = rebase(draft.server, merged);
		return settle(tx, { ...draft, ...state, updatedAt: stamp(draft.updatedAt) }, synced);
	});
}

/** The server refused the draft for good (e.g. 400, 403); kept, with the reason shown. */
export function markError(id: string, message: string): Promise<SyncState> {
	return updateDraft(id, async (tx, draft) => {
		await tx.objectStore('drafts').put({ ...draft, syncState: 'error', error: message });
		return 'error';
	});
}

/** Deletes a synced draft and its fully uploaded files; refuses anything unsynced. */
export async function deleteDraftIfSynced(id: string): Promise<boolean> {
	const tx = (await openStore()).transaction(['drafts', 'blobs'], 'readwrite');
	const draft = await tx.objectStore('drafts').get(id);
	if (!draft || draft.syncState !== 'synced') return false;
	await tx.objectStore('drafts').delete(id);
	await dropUnreferencedBlobs(tx, draft.userId);
	await tx.done;
	return true;
}

/**
 * Signing out on a shared phone: removes the user's synced drafts, and the unsynced ones only
 * with `includeUnsynced` (after asking). Files still referenced by a kept draft stay.
 */
export async function clearUserDrafts(
	userId: string,
	{ includeUnsynced }: { includeUnsynced: boolean }
): Promise<{ deleted: number; kept: number }> {
	const tx = (await openStore()).transaction(['drafts', 'blobs'], 'readwrite');
	const drafts = await tx.objectStore('drafts').index('userId').getAll(userId);
	const doomed = drafts.filter((d) => includeUnsynced || d.syncState === 'synced');
	for (const draft of doomed) await tx.objectStore('drafts').delete(draft.id);
	await dropUnreferencedBlobs(tx, userId);
	await tx.done;
	return { deleted: doomed.length, kept: drafts.length - doomed.length };
}

async function dropUnreferencedBlobs(tx: DraftTx, userId: string): Promise<void> {
	const drafts = await tx.objectStore('drafts').index('userId').getAll(userId);
	const referenced = new Set(drafts.flatMap((d) => fileRefs(d.content).map((f) => f.id)));
	for (const id of await tx.objectStore('blobs').index('userId').getAllKeys(userId)) {
		if (!referenced.has(id)) await tx.objectStore('blobs').delete(id);
	}
}

// ---------------------------------------------------------------- export / import

/** Every unsynced draft of the user with the files it (or its kept server copy) refers to. */
export async function exportUnsent(userId: string): Promise<Blob> {
	const db = await openStore();
	const drafts = (await listDrafts(userId)).filter((d) => d.syncState !== 'synced');
	const ids = new Set(
		drafts.flatMap((d) =>
			[d.content, ...(d.server ? [d.server.content] : [])].flatMap(fileRefs).map((f) => f.id)
		)
	);
	const files: ExportedFile[] = [];
	for (const id of ids) {
		const blob = await db.get('blobs', id);
		if (!blob) continue;
		const { name, mime, size, sha256 } = blob;
		files.push({ id, name, mime, size, sha256, bytes: new Uint8Array(blob.bytes) });
	}
	const exported = drafts.map((d) => ({
		id: d.id,
		version: d.version,
		updatedAt: d.updatedAt,
		content: d.content,
		syncState: d.syncState as Exclude<SyncState, 'synced'>,
		server: d.server,
		error: d.error
	}));
	return new Blob([encodeExport(userId, exported, files)], { type: 'application/json' });
}

/**
 * Imports an export file of the same user. A draft already here with the same content is left
 * alone; one here that is synced is replaced (its content is safe on the server, and the server
 * will answer a conflict if the import is older); one here with different unsynced edits is
 * kept and the imported one arrives as a copy, so neither is lost.
 */
export async function importDrafts(
	userId: string,
	file: Blob
): Promise<{ imported: string[]; copied: string[]; unchanged: string[] }> {
	const data = await decodeExport(await file.text());
	if (data.userId !== userId) {
		throw new AppError('FORBIDDEN', {}, '这个文件是其他账号导出的，请用导出时的账号登录后再导入。');
	}
	const result = { imported: [] as string[], copied: [] as string[], unchanged: [] as string[] };
	const tx = (await openStore()).transaction(['drafts', 'blobs'], 'readwrite');
	for (const { bytes, ...meta } of data.files) {
		if (await tx.objectStore('blobs').get(meta.id)) continue;
		const createdAt = new Date().toISOString();
		await tx
			.objectStore('blobs')
			.put({ ...meta, userId, bytes: bytes.buffer, uploadedBytes: 0, createdAt });
	}
	const mine = await tx.objectStore('drafts').index('userId').getAll(userId);
	for (const draft of data.drafts) {
		const existing = await tx.objectStore('drafts').get(draft.id);
		const incoming: StoredDraft = {
			...draft,
			userId,
			syncState: draft.syncState === 'error' ? 'local' : draft.syncState,
			error: null
		};
		if (mine.some((d) => sameContent(d.content, draft.content))) {
			result.unchanged.push(draft.id); // already here, perhaps as a copy from an earlier import
		} else if (!existing || (existing.userId === userId && existing.syncState === 'synced')) {
			await tx.objectStore('drafts').put(incoming);
			result.imported.push(draft.id);
		} else {
			const id = crypto.randomUUID();
			const copy = { ...incoming, id, version: 0, server: null, syncState: 'local' as const };
			await tx.objectStore('drafts').put(copy);
			result.copied.push(id);
		}
	}
	await tx.done;
	return result;
}

// ---------------------------------------------------------------- blobs

/** Stores a file's bytes (compress photos first: `compress.ts`) and returns its reference. */
export async function putBlob(
	userId: string,
	file: Blob,
	name = file instanceof File ? file.name : 'file'
): Promise<{ id: string; sha256: string; size: number; mime: string; name: string }> {
	if (file.size > MAX_ATTACHMENT_BYTES) throw new AppError('UPLOAD_TOO_LARGE');
	if (file.size === 0) throw new AppError('VALIDATION', {}, '文件是空的，请重新选择。');
	if (!(ATTACHMENT_MIMES as readonly string[]).includes(file.type)) {
		throw new AppError('UPLOAD_BAD_TYPE');
	}
	const bytes = await file.arrayBuffer();
	const meta: BlobMeta = {
		id: crypto.randomUUID(),
		userId,
		name,
		mime: file.type,
		size: bytes.byteLength,
		sha256: await sha256Hex(bytes),
		uploadedBytes: 0,
		createdAt: new Date().toISOString()
	};
	await (await openStore()).put('blobs', { ...meta, bytes });
	return { id: meta.id, sha256: meta.sha256, size: meta.size, mime: meta.mime, name };
}

export async function getBlob(id: string): Promise<(BlobMeta & { blob: Blob }) | undefined> {
	const stored = await (await openStore()).get('blobs', id);
	if (!stored) return undefined;
	const { bytes, ...meta } = stored;
	return { ...meta, blob: new Blob([bytes], { type: meta.mime }) };
}

/** Records how many bytes the server has acknowledged. */
export async function setUploadedBytes(id: string, uploadedBytes: number): Promise<void> {
	const tx = (await openStore()).transaction('blobs', 'readwrite');
	const blob = await tx.store.get(id);
	if (blob) await tx.store.put({ ...blob, uploadedBytes: Math.min(uploadedBytes, blob.size) });
	await tx.done;
}

// ---------------------------------------------------------------- meta

/**
 * Asks the browser not to evict this site's storage; the UI shows a warning when `persisted`
 * is false (the browser may then clear drafts under storage pressure).
 */
export async function requestPersistence(): Promise<{
	persisted: boolean;
	usage?: number;
	quota?: number;
}> {
	const storage = globalThis.navigator?.storage;
	if (!storage?.persist) return { persisted: false };
	const persisted = (await storage.persisted()) || (await storage.persist());
	const { usage, quota } = await storage.estimate();
	return { persisted, usage, quota };
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
	return (await (await openStore()).get('meta', key)) as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
	await (await openStore()).put('meta', value, key);
}

/** This device's id in the sync protocol (tells a lost write of ours from someone else's). */
export async function getClientId(): Promise<string> {
	const tx = (await openStore()).transaction('meta', 'readwrite');
	let id = (await tx.store.get('clientId')) as string | undefined;
	if (!id) await tx.store.put((id = crypto.randomUUID()), 'clientId');
	await tx.done;
	return id;
}

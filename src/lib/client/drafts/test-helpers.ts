/** Shared factories for the drafts specs (imported by *.spec.ts only). */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { emptyDraft, type ApplicationDraft } from '../../domain/application-form.js';
import type { ProcedureKind } from '../../domain/procedures.js';
import { closeStore, putBlob } from './store.js';

/** A fresh, empty IndexedDB for every test. */
export async function freshDb(): Promise<void> {
	await closeStore();
	globalThis.indexedDB = new IDBFactory();
}

export function content(kind: ProcedureKind = 'evaluation', specialty = ''): ApplicationDraft {
	const draft = emptyDraft(kind, { name: '张三', mobile: '13812345678' });
	return { ...draft, title: { ...draft.title, specialty } };
}

/** Deterministic bytes of any length (a photo stand-in). */
export function bytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 17) & 0xff;
	return out;
}

export function jpeg(length: number, seed = 1): File {
	return new File([bytes(length, seed)], `photo-${seed}.jpg`, { type: 'image/jpeg' });
}

/** Stores a file and attaches it to `draft` as a diploma scan. */
export async function withAttachment(
	userId: string,
	draft: ApplicationDraft,
	length: number,
	seed = 1
): Promise<ApplicationDraft> {
	const ref = await putBlob(userId, jpeg(length, seed));
	const attachment = { ...ref, mime: 'image/jpeg' as const, purpose: 'diploma' as const };
	return { ...draft, attachments: [...draft.attachments, attachment] };
}

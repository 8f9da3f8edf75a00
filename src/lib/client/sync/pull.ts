/**
 * Sync's second half: what the server holds for this person comes back to the phone.
 * - An editable application (draft, returned) the phone does not have, or has only an older
 *   synced copy of, is adopted as a synced draft: a returned application is editable offline.
 * - Unsynced local edits are never overwritten: their next push meets the newer server version
 *   and becomes a conflict the person resolves.
 * - A submitted application leaves the drafts store once the phone's copy is synced; the list
 *   of applications is kept in `meta` so the home screen shows their state offline.
 */
import type { ApplicationDraft } from '../../domain/application-form.js';
import * as store from '../drafts/store.js';

export interface ServerApplication {
	id: string;
	kind: string;
	state: string;
	stateLabel: string;
	number: string | null;
	version: number;
	submittedAt: string | null;
	record: store.ServerCopy | null;
	returned: { opinion: string | null; sections: string[] } | null;
}

export const applicationsKey = (userId: string) => `applications:${userId}`;

export async function cachedApplications(userId: string): Promise<ServerApplication[]> {
	return (await store.getMeta<ServerApplication[]>(applicationsKey(userId))) ?? [];
}

export async function fetchApplications(): Promise<ServerApplication[]> {
	const response = await fetch('/api/drafts', { headers: { accept: 'application/json' } });
	if (!response.ok) throw new Error(`HTTP ${response.status}`);
	return ((await response.json()) as { applications: ServerApplication[] }).applications;
}

/**
 * Adopts the server's editable copy as a synced local draft, in one IndexedDB transaction so
 * an edit typed meanwhile is never overwritten.
 */
async function adopt(userId: string, record: store.ServerCopy): Promise<void> {
	const tx = (await store.openStore()).transaction('drafts', 'readwrite');
	const local = await tx.store.get(record.id);
	const stale = !local || (local.syncState === 'synced' && local.version < record.version);
	if (stale && (!local || local.userId === userId)) {
		await tx.store.put({
			id: record.id,
			userId,
			version: record.version,
			updatedAt: record.updatedAt,
			content: record.content as ApplicationDraft,
			syncState: 'synced',
			server: null,
			error: null
		});
	}
	await tx.done;
}

export async function pull(userId: string, apps: ServerApplication[]): Promise<void> {
	for (const app of apps) {
		const local = await store.getDraft(app.id);
		if (local && local.userId !== userId) continue;
		if (app.record) {
			await adopt(userId, app.record);
		} else if (local?.syncState === 'synced') {
			await store.deleteDraftIfSynced(app.id);
		}
	}
	await store.setMeta(applicationsKey(userId), apps);
}

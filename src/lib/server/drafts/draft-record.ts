import type { ApplicationDraft } from '#lib/domain/application-form.js';
import type { ServerRecord } from '#lib/domain/sync-protocol.js';
import type { Application } from '../db/schema/index.js';

export type DraftRecord = ServerRecord<ApplicationDraft>;

/** The sync protocol's view of an application row. */
export function draftRecordOf(app: Application): DraftRecord {
	return {
		id: app.id,
		version: app.version,
		updatedAt: app.clientUpdatedAt ?? app.updatedAt.toISOString(),
		content: app.content as unknown as ApplicationDraft,
		clientId: app.syncClientId ?? ''
	};
}

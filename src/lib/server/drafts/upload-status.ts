import { eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { recordAudit } from '../audit/record.js';
import { db } from '../db/index.js';
import { attachments } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';

export interface UploadStatus {
	id: string;
	size: number;
	received: number;
	complete: boolean;
}

/** Every column but the bytes. */
export const uploadColumns = {
	id: attachments.id,
	ownerUserId: attachments.ownerUserId,
	applicationId: attachments.applicationId,
	name: attachments.name,
	mime: attachments.mime,
	size: attachments.size,
	sha256: attachments.sha256,
	received: attachments.received,
	complete: attachments.complete
};
export type UploadRow = Pick<typeof attachments.$inferSelect, keyof typeof uploadColumns>;

export function statusOf(
	row: Pick<UploadRow, 'id' | 'size' | 'received' | 'complete'>
): UploadStatus {
	return { id: row.id, size: row.size, received: row.received, complete: row.complete };
}

const NOT_YOURS = '该附件属于其他账号，不能查看或上传。请确认登录的是您本人的账号。';

/** The upload if it is the actor's; another person's is refused (and the refusal audited). */
export async function loadOwnUpload(
	actor: ApplicantActor,
	id: string,
	action: string
): Promise<UploadRow | null> {
	const [row] = await db().select(uploadColumns).from(attachments).where(eq(attachments.id, id));
	if (!row) return null;
	if (row.ownerUserId !== actor.userId) {
		await recordAudit(db(), {
			actorUserId: actor.userId,
			action,
			objectType: 'attachment',
			objectId: id,
			result: 'denied'
		});
		throw new AppError('FORBIDDEN', {}, NOT_YOURS);
	}
	return row;
}

/** HEAD/GET /api/uploads/:id — how many bytes the server holds (the resume point). */
export async function uploadStatus(actor: ApplicantActor, id: string): Promise<UploadStatus> {
	const row = await loadOwnUpload(actor, id, 'attachment.status');
	if (!row) throw new AppError('NOT_FOUND', {}, '服务器上还没有这个附件。');
	return statusOf(row);
}

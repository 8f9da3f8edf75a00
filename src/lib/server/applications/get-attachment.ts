import { and, eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import { db } from '../db/index.js';
import { attachments } from '../db/schema/index.js';
import { attachmentRefs } from './content-view.js';
import { loadVisible } from './get-application.js';

const SERVABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * The bytes of one file of an application, for whoever may view that application
 * ('application.view'). The file must be the applicant's own, fully uploaded, and either
 * linked to this application or named in its content — so nobody can make a reviewer open
 * someone else's file by writing its id into a form.
 */
export async function readApplicationAttachment(
	actor: Actor,
	applicationId: string,
	attachmentId: string
): Promise<{ data: Uint8Array; mime: string; name: string }> {
	const app = await loadVisible(actor, applicationId);
	if (!isUuid(attachmentId)) throw new AppError('NOT_FOUND');
	const [file] = await db()
		.select()
		.from(attachments)
		.where(and(eq(attachments.id, attachmentId), eq(attachments.ownerUserId, app.applicantId)));
	const referenced = attachmentRefs(app.content).some((r) => r.id === attachmentId);
	if (!file || !(file.applicationId === app.id || referenced)) throw new AppError('NOT_FOUND');
	if (!file.complete)
		throw new AppError('NOT_FOUND', {}, '该材料尚未上传完成，请待申请人联网同步后再查看。');
	if (!SERVABLE.has(file.mime)) throw new AppError('UPLOAD_BAD_TYPE');
	return { data: file.data, mime: file.mime, name: file.name };
}

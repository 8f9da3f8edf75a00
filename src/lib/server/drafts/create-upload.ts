import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { ATTACHMENT_MIMES, MAX_ATTACHMENT_BYTES } from '#lib/domain/application-form.js';
import { AppError } from '#lib/domain/errors.js';
import { recordAudit } from '../audit/record.js';
import { db, type Tx } from '../db/index.js';
import { applications, attachments } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';
import { loadOwnUpload, type UploadStatus, statusOf } from './upload-status.js';

export interface UploadDeclaration {
	id: string;
	draftId?: string | null;
	name: string;
	mime: string;
	size: number;
	sha256: string;
}

const declaration = v.object({
	id: v.pipe(v.string(), v.uuid()),
	draftId: v.optional(v.nullable(v.pipe(v.string(), v.uuid()))),
	name: v.pipe(v.string(), v.maxLength(255)),
	mime: v.string(),
	size: v.pipe(v.number(), v.integer()),
	sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))
});

const SAME_ID_OTHER_FILE = '同一附件编号已用于另一个文件，请删除该附件后重新选择文件。';

/** Path parts and control characters are dropped: the name is shown to reviewers, never used as a path. */
function cleanName(name: string): string {
	const base = name.split(/[/\\]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	return base.replace(/[\u0000-\u001f\u007f]/g, '').trim() || '附件';
}

function parseDeclaration(input: unknown): UploadDeclaration {
	const parsed = v.safeParse(declaration, input);
	if (!parsed.success) {
		throw new AppError('VALIDATION', {}, '上传信息不完整，请刷新页面或更新应用后重试。');
	}
	const d = parsed.output;
	if (d.size > MAX_ATTACHMENT_BYTES) throw new AppError('UPLOAD_TOO_LARGE');
	if (d.size < 1) throw new AppError('VALIDATION', {}, '文件是空的，请重新选择。');
	if (!(ATTACHMENT_MIMES as readonly string[]).includes(d.mime))
		throw new AppError('UPLOAD_BAD_TYPE');
	return {
		...d,
		id: d.id.toLowerCase(),
		draftId: d.draftId?.toLowerCase() ?? null,
		name: cleanName(d.name)
	};
}

/**
 * POST /api/uploads — declares a file before its bytes arrive: id (the phone's blob id), size
 * (≤ 10 MB), type and SHA-256. Idempotent: declaring the same file again answers how much the
 * server already holds, so a phone that lost the answer just carries on.
 */
export async function createUpload(actor: ApplicantActor, input: unknown): Promise<UploadStatus> {
	const d = parseDeclaration(input);
	const existing = await loadOwnUpload(actor, d.id, 'attachment.create');
	if (existing) {
		if (existing.size !== d.size || existing.sha256 !== d.sha256 || existing.mime !== d.mime) {
			throw new AppError('CONFLICT', {}, SAME_ID_OTHER_FILE);
		}
		return statusOf(existing);
	}
	return db().transaction(async (tx) => {
		const inserted = await tx
			.insert(attachments)
			.values({
				id: d.id,
				ownerUserId: actor.userId,
				applicationId: await ownDraft(tx, actor, d.draftId),
				purpose: 'pending',
				name: d.name,
				mime: d.mime,
				size: d.size,
				sha256: d.sha256,
				data: new Uint8Array(0)
			})
			.onConflictDoNothing()
			.returning();
		// Lost a race with the same declaration (two tabs): answer like a replay.
		if (!inserted.length) throw new AppError('CONFLICT', {}, SAME_ID_OTHER_FILE);
		await recordAudit(tx, {
			actorUserId: actor.userId,
			action: 'attachment.create',
			objectType: 'attachment',
			objectId: d.id,
			result: 'ok',
			detail: { size: d.size, mime: d.mime }
		});
		return statusOf(inserted[0]);
	});
}

/** Links at once when the draft is already on the server; otherwise its next push links it. */
async function ownDraft(tx: Tx, actor: ApplicantActor, draftId: string | null | undefined) {
	if (!draftId) return null;
	const [app] = await tx
		.select({ id: applications.id })
		.from(applications)
		.where(and(eq(applications.id, draftId), eq(applications.applicantId, actor.userId)));
	return app?.id ?? null;
}

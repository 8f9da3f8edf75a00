import { and, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { fileRefs, parseDraftPayload } from '#lib/domain/application-form.js';
import { AppError } from '#lib/domain/errors.js';
import { stateLabels } from '#lib/domain/procedures.js';
import { submitApplication } from '../applications/submit-application.js';
import { db } from '../db/index.js';
import { applications, attachments } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';
import { draftRecordOf, type DraftRecord } from './draft-record.js';

export interface SubmitDraftResult {
	state: string;
	stateLabel: string;
	number: string | null;
	record: DraftRecord;
}

const body = v.object({ version: v.pipe(v.number(), v.integer(), v.minValue(1)) });

/**
 * POST /api/drafts/:id/submit — the synced draft goes to the approval chain. Before the
 * state graph is asked, every file the form names must be on the server, complete, the
 * applicant's own and byte-identical to what the phone holds (same size and SHA-256).
 */
export async function submitDraft(
	actor: ApplicantActor,
	id: string,
	input: unknown
): Promise<SubmitDraftResult> {
	const parsed = v.safeParse(body, input);
	if (!parsed.success) throw new AppError('VALIDATION', {}, '提交信息不完整，请刷新页面后重试。');
	const [app] = await db()
		.select()
		.from(applications)
		.where(and(eq(applications.id, id), eq(applications.applicantId, actor.userId)));
	if (!app) throw new AppError('NOT_FOUND', {}, '服务器上还没有这份申请，请先联网同步草稿。');
	if (app.version !== parsed.output.version) {
		throw new AppError('CONFLICT', {}, '服务器上的申请与本机版本不一致，请先同步草稿后再提交。');
	}
	await requireUploadedFiles(actor, app.content);
	const { application } = await submitApplication(actor, id, parsed.output.version);
	return {
		state: application.state,
		stateLabel: stateLabels[application.state],
		number: application.number,
		record: draftRecordOf(application)
	};
}

async function requireUploadedFiles(actor: ApplicantActor, content: unknown): Promise<void> {
	const draft = parseDraftPayload(content);
	if (!draft.ok) return; // submitApplication reports the content's errors
	const refs = fileRefs(draft.value);
	if (!refs.length) return;
	const rows = await db()
		.select({
			id: attachments.id,
			size: attachments.size,
			sha256: attachments.sha256,
			complete: attachments.complete
		})
		.from(attachments)
		.where(
			and(
				inArray(
					attachments.id,
					refs.map((r) => r.id.toLowerCase())
				),
				eq(attachments.ownerUserId, actor.userId)
			)
		);
	const byId = new Map(rows.map((r) => [r.id, r]));
	const fields: Record<string, string> = {};
	for (const ref of refs) {
		const row = byId.get(ref.id.toLowerCase());
		if (row?.complete && row.size === ref.size && row.sha256 === ref.sha256) continue;
		const key = draft.value.photo?.id === ref.id ? 'photo' : 'attachments';
		fields[key] = '有文件尚未上传完成，请保持联网，等待同步完成后再提交。';
	}
	if (Object.keys(fields).length) {
		throw new AppError('VALIDATION', fields, '有附件尚未上传到服务器，请等待同步完成后再提交。');
	}
}

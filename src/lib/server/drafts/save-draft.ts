import { and, eq, isNull, or } from 'drizzle-orm';
import * as v from 'valibot';
import {
	fileRefs,
	parseDraftPayload,
	type ApplicationDraft
} from '#lib/domain/application-form.js';
import { AppError } from '#lib/domain/errors.js';
import { isEditable, levelsByKind } from '#lib/domain/procedures.js';
import { applyPush, type Push } from '#lib/domain/sync-protocol.js';
import { recordAudit } from '../audit/record.js';
import { now } from '../clock.js';
import { db, type Tx } from '../db/index.js';
import { applications, attachments, users } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';
import { draftRecordOf, type DraftRecord } from './draft-record.js';

export type SaveDraftOutcome =
	| { status: 'created' | 'updated' | 'unchanged'; record: DraftRecord }
	| { status: 'conflict'; server: DraftRecord };

const envelope = v.strictObject({
	baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000_000)),
	updatedAt: v.pipe(v.string(), v.maxLength(40), v.isoTimestamp()),
	clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
	content: v.unknown()
});

const NOT_YOURS = '该草稿编号属于其他账号，未保存。请确认登录的是您本人的账号，或在本机新建申请。';
const LOCKED = '该申请已提交，正在审核中，不能再修改。如需修改，请等待审核部门退回。';

/** Raised inside the transaction when a concurrent push won a race; the push is retried. */
class Raced extends Error {}
/** The id belongs to another person: the transaction rolls back, the denial is audited after. */
class Foreign extends Error {}

/**
 * PUT /api/drafts/:id — stores a pushed draft following the sync protocol (`applyPush`):
 * idempotent by id, 409 with the server copy when the push is based on an old version.
 * The payload's SHAPE is checked strictly (`parseDraftPayload`); completeness waits for submit.
 * Row, attachment links and audit entry commit together; a refusal writes nothing but the
 * audit of the denial.
 */
export async function saveDraft(
	actor: ApplicantActor,
	id: string,
	body: unknown,
	/** A transaction the caller already holds (the demo seed's): the push runs in a savepoint. */
	tx?: Tx
): Promise<SaveDraftOutcome> {
	const push = parsePush(id, body);
	for (let attempt = 0; ; attempt++) {
		try {
			return await (tx ?? db()).transaction((t) => store(t, actor, push));
		} catch (e) {
			if (e instanceof Foreign) return refuseForeign(actor, id, tx);
			if (!(e instanceof Raced) || attempt >= 2) throw e;
		}
	}
}

function parsePush(id: string, body: unknown): Push<ApplicationDraft> {
	const outer = v.safeParse(envelope, body);
	if (!outer.success) {
		throw new AppError('VALIDATION', {}, '同步数据格式不正确，请刷新页面或更新应用后重试。');
	}
	const content = parseDraftPayload(outer.output.content);
	if (!content.ok) {
		throw new AppError(
			'VALIDATION',
			content.errors,
			'草稿内容有误，服务器未保存。请按提示修改，或更新应用后重试。'
		);
	}
	return { ...outer.output, id, content: content.value };
}

async function refuseForeign(actor: ApplicantActor, id: string, tx?: Tx): Promise<never> {
	await recordAudit(tx ?? db(), {
		actorUserId: actor.userId,
		action: 'draft.save',
		objectType: 'application',
		objectId: id,
		result: 'denied',
		detail: { reason: 'not owner' }
	});
	throw new AppError('FORBIDDEN', {}, NOT_YOURS);
}

async function store(
	tx: Tx,
	actor: ApplicantActor,
	push: Push<ApplicationDraft>
): Promise<SaveDraftOutcome> {
	const [row] = await tx
		.select()
		.from(applications)
		.where(eq(applications.id, push.id))
		.for('update');
	if (row && row.applicantId !== actor.userId) throw new Foreign();
	if (row && !isEditable(row.state)) throw new AppError('INVALID_STATE', {}, LOCKED);
	if (row && row.kind !== push.content.kind) {
		throw new AppError('VALIDATION', { kind: '办理事项不能更改，请新建一份申请' });
	}
	const outcome = applyPush(row ? draftRecordOf(row) : undefined, push);
	if (outcome.status === 'conflict' || outcome.status === 'unchanged') return outcome;

	const at = now();
	const content = push.content;
	const summary = {
		kind: content.kind,
		level: content.title.level || levelsByKind[content.kind][0],
		series: content.title.series,
		applicantName: await profileName(tx, actor),
		content: content as unknown as Record<string, unknown>,
		version: outcome.record.version,
		syncClientId: push.clientId,
		clientUpdatedAt: push.updatedAt,
		updatedAt: at
	};
	if (!row) {
		const inserted = await tx
			.insert(applications)
			.values({ id: push.id, applicantId: actor.userId, ...summary })
			.onConflictDoNothing()
			.returning({ id: applications.id });
		if (!inserted.length) throw new Raced();
	} else {
		await tx.update(applications).set(summary).where(eq(applications.id, push.id));
	}
	await linkAttachments(tx, actor, push.id, content);
	await recordAudit(tx, {
		actorUserId: actor.userId,
		action: `draft.${outcome.status === 'created' ? 'create' : 'update'}`,
		objectType: 'application',
		objectId: push.id,
		result: 'ok',
		detail: { version: outcome.record.version }
	});
	return outcome;
}

async function profileName(tx: Tx, actor: ApplicantActor): Promise<string> {
	const [user] = await tx
		.select({ name: users.name })
		.from(users)
		.where(eq(users.id, actor.userId));
	return user?.name ?? '';
}

/** The applicant's own uploads named by the draft become part of this application. */
async function linkAttachments(
	tx: Tx,
	actor: ApplicantActor,
	applicationId: string,
	content: ApplicationDraft
): Promise<void> {
	const purposes = new Map<string, string>(
		content.attachments.map((a) => [a.id.toLowerCase(), a.purpose || 'other'])
	);
	if (content.photo) purposes.set(content.photo.id.toLowerCase(), 'photo');
	for (const ref of fileRefs(content)) {
		const id = ref.id.toLowerCase();
		await tx
			.update(attachments)
			.set({ applicationId, purpose: purposes.get(id) ?? 'other' })
			.where(
				and(
					eq(attachments.id, id),
					eq(attachments.ownerUserId, actor.userId),
					or(isNull(attachments.applicationId), eq(attachments.applicationId, applicationId))
				)
			);
	}
}

import { and, eq, inArray } from 'drizzle-orm';
import { sections } from '#lib/domain/application-form.js';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import { opinionProblem } from '#lib/domain/procedures.js';
import { db } from '../db/index.js';
import { applications } from '../db/schema/index.js';
import { transitionApplication, type TransitionOutcome } from './transition-application.js';
import { loadVisible } from './get-application.js';

/**
 * A reviewer's decision on the step their organisation holds: approve (sealed), return for
 * revision naming the sections to change, or reject with a reason. The state graph decides
 * whether the step is theirs; this adds what a person must say with each decision.
 */
export type Decision = 'approve' | 'return' | 'reject';
export const MAX_BULK = 100;

export interface DecisionInput {
	decision: Decision;
	expectedVersion: number;
	opinion: string;
	returnSections?: string[];
}

function checkOpinion(decision: Decision, opinion: string): string {
	const problem = opinionProblem(decision, opinion);
	if (problem) throw new AppError('VALIDATION', { opinion: problem });
	return opinion.trim();
}

export async function decide(
	actor: Actor,
	applicationId: string,
	input: DecisionInput
): Promise<TransitionOutcome> {
	if (!['approve', 'return', 'reject'].includes(input.decision)) throw new AppError('VALIDATION');
	if (!Number.isInteger(input.expectedVersion)) throw new AppError('CONFLICT');
	const opinion = checkOpinion(input.decision, input.opinion);
	let returnSections: string[] | undefined;
	if (input.decision === 'return') {
		const app = await loadVisible(actor, applicationId);
		const allowed = new Set<string>(sections(app.kind).map((s) => s.id));
		returnSections = [...new Set(input.returnSections ?? [])];
		if (returnSections.length === 0)
			throw new AppError('VALIDATION', { returnSections: '请勾选申请人需要修改的部分' });
		if (!returnSections.every((s) => allowed.has(s)))
			throw new AppError('VALIDATION', { returnSections: '所选修改部分无效，请刷新后重试' });
	}
	return transitionApplication(actor, applicationId, {
		event: { type: input.decision },
		expectedVersion: input.expectedVersion,
		opinion,
		returnSections
	});
}

export interface BulkItem {
	id: string;
	version: number;
}

export interface BulkResult {
	approved: { id: string; number: string | null; applicantName: string }[];
	skipped: { id: string; number: string | null; applicantName: string; reason: string }[];
}

const skipReasons: Partial<Record<string, string>> = {
	CONFLICT: '已被他人处理或内容已变化',
	INVALID_STATE: '当前状态不能审核通过',
	FORBIDDEN: '不在本单位待办中',
	NOT_FOUND: '申请不存在'
};

/**
 * Bulk approve with one shared opinion: each application moves in its own transaction with
 * the version the reviewer saw, so one that changed meanwhile is skipped, never overwritten.
 */
export async function bulkApprove(
	actor: Actor,
	items: BulkItem[],
	opinionInput: string
): Promise<BulkResult> {
	if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
	const opinion = checkOpinion('approve', opinionInput);
	const unique = [...new Map(items.filter((i) => isUuid(i.id)).map((i) => [i.id, i])).values()];
	if (unique.length === 0) throw new AppError('VALIDATION', { items: '请至少选择一份申请' });
	if (unique.length > MAX_BULK)
		throw new AppError('VALIDATION', { items: `一次最多批量审核 ${MAX_BULK} 份` });
	const names = await db()
		.select({
			id: applications.id,
			number: applications.number,
			applicantName: applications.applicantName
		})
		.from(applications)
		// Names only of applications in this organisation's queue: posting someone else's id
		// must not reveal whose application it is.
		.where(
			and(
				eq(applications.assigneeOrgId, actor.orgId),
				inArray(
					applications.id,
					unique.map((i) => i.id)
				)
			)
		);
	const label = (id: string) =>
		names.find((n) => n.id === id) ?? { number: null, applicantName: '' };
	const result: BulkResult = { approved: [], skipped: [] };
	for (const item of unique) {
		const { number, applicantName } = label(item.id);
		try {
			await transitionApplication(actor, item.id, {
				event: { type: 'approve' },
				expectedVersion: item.version,
				opinion
			});
			result.approved.push({ id: item.id, number, applicantName });
		} catch (e) {
			if (!(e instanceof AppError)) throw e;
			result.skipped.push({
				id: item.id,
				number,
				applicantName,
				reason: skipReasons[e.code] ?? e.message
			});
		}
	}
	return result;
}

/** `id.version` pairs as the queue form posts them; malformed entries are dropped. */
export function parseBulkItems(values: FormDataEntryValue[]): BulkItem[] {
	return values.flatMap((v) => {
		const m = typeof v === 'string' ? /^([0-9a-f-]{36})\.(\d{1,9})$/i.exec(v) : null;
		return m && isUuid(m[1]) ? [{ id: m[1].toLowerCase(), version: Number(m[2]) }] : [];
	});
}

import { and, desc, eq, inArray } from 'drizzle-orm';
import { isEditable, stateLabels } from '#lib/domain/procedures.js';
import { db } from '../db/index.js';
import { applications, applicationSteps } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';
import { draftRecordOf, type DraftRecord } from './draft-record.js';

export interface MyApplication {
	id: string;
	kind: string;
	state: string;
	stateLabel: string;
	number: string | null;
	version: number;
	submittedAt: string | null;
	/** The record to adopt on the phone while the applicant may edit (draft, returned). */
	record: DraftRecord | null;
	/** Why it came back, when returned for revision. */
	returned: { opinion: string | null; sections: string[] } | null;
}

/**
 * GET /api/drafts — the applicant's own applications, newest first. Editable ones carry their
 * content so another phone (or this one after a return) can take them up offline.
 */
export async function listMyApplications(actor: ApplicantActor): Promise<MyApplication[]> {
	const rows = await db()
		.select()
		.from(applications)
		.where(eq(applications.applicantId, actor.userId))
		.orderBy(desc(applications.updatedAt))
		.limit(500);
	const returnedIds = rows.filter((r) => r.state === 'returned').map((r) => r.id);
	const reasons = new Map<string, { opinion: string | null; sections: string[] }>();
	if (returnedIds.length) {
		const steps = await db()
			.select({
				applicationId: applicationSteps.applicationId,
				opinion: applicationSteps.opinion,
				sections: applicationSteps.returnSections
			})
			.from(applicationSteps)
			.where(
				and(
					inArray(applicationSteps.applicationId, returnedIds),
					eq(applicationSteps.event, 'return')
				)
			)
			.orderBy(applicationSteps.seq);
		for (const s of steps) {
			reasons.set(s.applicationId, { opinion: s.opinion, sections: s.sections ?? [] });
		}
	}
	return rows.map((row) => ({
		id: row.id,
		kind: row.kind,
		state: row.state,
		stateLabel: stateLabels[row.state],
		number: row.number,
		version: row.version,
		submittedAt: row.submittedAt?.toISOString() ?? null,
		record: isEditable(row.state) ? draftRecordOf(row) : null,
		returned: reasons.get(row.id) ?? null
	}));
}

import { desc, eq } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import type { Actor } from '#lib/domain/policy.js';
import { stateLabels } from '#lib/domain/procedures.js';
import { db } from '../db/index.js';
import { applications, organisations } from '../db/schema/index.js';

/** An applicant's own applications, drafts included, most recently changed first. */
export async function myApplications(actor: Actor) {
	if (actor.kind !== 'applicant') throw new AppError('FORBIDDEN');
	const rows = await db()
		.select({
			id: applications.id,
			number: applications.number,
			kind: applications.kind,
			level: applications.level,
			series: applications.series,
			qualification: applications.qualification,
			state: applications.state,
			stateChangedAt: applications.stateChangedAt,
			updatedAt: applications.updatedAt,
			assigneeName: organisations.name
		})
		.from(applications)
		.leftJoin(organisations, eq(organisations.id, applications.assigneeOrgId))
		.where(eq(applications.applicantId, actor.userId))
		.orderBy(desc(applications.updatedAt))
		.limit(200);
	return rows.map((r) => ({ ...r, stateLabel: stateLabels[r.state] }));
}

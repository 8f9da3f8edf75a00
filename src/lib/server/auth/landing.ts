import { eq } from 'drizzle-orm';
import type { Actor } from '#lib/domain/policy.js';
import { route } from '#lib/routes.js';
import { db } from '../db/index.js';
import { applications } from '../db/schema/index.js';

/**
 * Where a person lands after signing in or registering, when no `next` says otherwise: what
 * they came for, not the account page. An applicant with applications (drafts synced from a
 * phone included) sees them; one without any starts one. Staff of an active organisation land
 * on their queue; a pending or rejected employer on the account page, which shows its status.
 */
export async function landingFor(actor: Actor): Promise<string> {
	if (actor.kind === 'applicant') {
		const [any] = await db()
			.select({ id: applications.id })
			.from(applications)
			.where(eq(applications.applicantId, actor.userId))
			.limit(1);
		return any ? route.applications() : route.draftNew();
	}
	return actor.orgStatus === 'active' ? route.review() : route.account();
}

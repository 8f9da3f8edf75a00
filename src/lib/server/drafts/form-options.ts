import { and, asc, eq } from 'drizzle-orm';
import {
	ACHIEVEMENT_TYPES,
	ATTACHMENT_PURPOSES,
	DEGREES,
	EDUCATION_LEVELS,
	QUALIFICATIONS,
	SEXES
} from '#lib/domain/application-form.js';
import { SERIES, TIERS } from '#lib/domain/catalogue.js';
import { levelsByKind, PROCEDURE_KINDS, procedureLabels } from '#lib/domain/procedures.js';
import { levelLabels, LEVELS } from '#lib/domain/routing.js';
import { db } from '../db/index.js';
import { organisations } from '../db/schema/index.js';

export interface FormOptions {
	procedures: { code: string; name: string; levels: readonly string[] }[];
	series: readonly { code: string; name: string }[];
	levels: { code: string; name: string }[];
	qualifications: typeof QUALIFICATIONS;
	counties: readonly { code: string; name: string }[];
	employers: { id: string; name: string; tier: string | null }[];
	educationLevels: typeof EDUCATION_LEVELS;
	degrees: typeof DEGREES;
	sexes: typeof SEXES;
	achievementTypes: typeof ACHIEVEMENT_TYPES;
	attachmentPurposes: typeof ATTACHMENT_PURPOSES;
}

/**
 * GET /api/options — every choice the application form offers, in one cacheable answer the
 * service worker keeps for offline use. Only public facts: no person, no inactive employer.
 */
export async function formOptions(): Promise<FormOptions> {
	const employers = await db()
		.select({ id: organisations.id, name: organisations.name, tier: organisations.tier })
		.from(organisations)
		.where(and(eq(organisations.type, 'employer'), eq(organisations.status, 'active')))
		.orderBy(asc(organisations.name))
		.limit(5000);
	return {
		procedures: PROCEDURE_KINDS.map((code) => ({
			code,
			name: procedureLabels[code],
			levels: levelsByKind[code]
		})),
		series: SERIES,
		levels: LEVELS.map((code) => ({ code, name: levelLabels[code] })),
		qualifications: QUALIFICATIONS,
		counties: TIERS,
		employers,
		educationLevels: EDUCATION_LEVELS,
		degrees: DEGREES,
		sexes: SEXES,
		achievementTypes: ACHIEVEMENT_TYPES,
		attachmentPurposes: ATTACHMENT_PURPOSES
	};
}

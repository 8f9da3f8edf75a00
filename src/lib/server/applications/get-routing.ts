import { and, eq, inArray, or } from 'drizzle-orm';
import type { CountyCode, RoutingInput, SeriesCode, Tier } from '#lib/domain/routing.js';
import type { Tx } from '../db/index.js';
import { organisations } from '../db/schema/index.js';

/**
 * Builds the routing input of the state graph for one employer: the employer and its
 * supervisor, plus the platform's active series offices, committees, county offices and the
 * city office. One query, reading the offices and this employer only.
 */
export async function loadRouting(tx: Tx, employerId: string): Promise<RoutingInput | null> {
	const rows = await tx
		.select({
			id: organisations.id,
			type: organisations.type,
			tier: organisations.tier,
			series: organisations.series,
			supervisorId: organisations.supervisorId,
			status: organisations.status
		})
		.from(organisations)
		.where(
			and(
				eq(organisations.status, 'active'),
				// The offices, and of the employers only this one (a city has thousands).
				or(
					inArray(organisations.type, ['seriesOffice', 'committee', 'countyOffice', 'cityOffice']),
					and(eq(organisations.type, 'employer'), eq(organisations.id, employerId))
				)
			)
		);
	const employer = rows.find((r) => r.id === employerId && r.type === 'employer');
	const city = rows.find((r) => r.type === 'cityOffice');
	if (!employer || !employer.tier || !city) return null;
	const routing: RoutingInput = {
		employer: { id: employer.id, tier: employer.tier as Tier, supervisorId: employer.supervisorId },
		seriesOffices: {},
		committees: {},
		countyOffices: {},
		cityOfficeId: city.id
	};
	for (const r of rows) {
		if (r.type === 'seriesOffice' && r.series)
			routing.seriesOffices[r.series as SeriesCode] ??= r.id;
		if (r.type === 'committee' && r.series) routing.committees[r.series as SeriesCode] ??= r.id;
		if (r.type === 'countyOffice' && r.tier && r.tier !== 'city')
			routing.countyOffices[r.tier as CountyCode] ??= r.id;
	}
	return routing;
}

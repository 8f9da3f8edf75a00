import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import { parseIdNumber } from '#lib/domain/identity.js';
import type { Actor } from '#lib/domain/policy.js';
import { authorize } from '../auth/actor.js';
import { blindIndex } from '../crypto/pii.js';
import { db } from '../db/index.js';
import { files, organisations, users } from '../db/schema/index.js';
import { containsPattern } from '../db/like.js';

const PAGE = 50;

export async function listOrganisations(
	actor: Actor,
	filter: { q?: string; type?: string; status?: string; page?: number }
) {
	await authorize(actor, 'organisation.list', { type: 'platform' });
	const where: SQL[] = [];
	if (filter.q)
		where.push(
			or(
				ilike(organisations.name, containsPattern(filter.q)),
				eq(organisations.creditCode, filter.q.toUpperCase())
			)!
		);
	if (filter.type) where.push(eq(organisations.type, filter.type as never));
	if (filter.status) where.push(eq(organisations.status, filter.status as never));
	const page = Math.max(1, filter.page ?? 1);
	const rows = await db()
		.select({
			id: organisations.id,
			type: organisations.type,
			name: organisations.name,
			tier: organisations.tier,
			series: organisations.series,
			creditCode: organisations.creditCode,
			status: organisations.status,
			createdAt: organisations.createdAt,
			userCount: sql<number>`(select count(*)::int from users u where u.organisation_id = ${organisations.id})`
		})
		.from(organisations)
		.where(where.length ? and(...where) : undefined)
		.orderBy(
			sql`case when ${organisations.status} = 'pending' then 0 else 1 end`,
			desc(organisations.createdAt)
		)
		.limit(PAGE + 1)
		.offset((page - 1) * PAGE);
	return { rows: rows.slice(0, PAGE), page, hasMore: rows.length > PAGE };
}

export async function getOrganisation(actor: Actor, id: string) {
	if (!isUuid(id)) throw new AppError('NOT_FOUND');
	const [org] = await db().select().from(organisations).where(eq(organisations.id, id));
	if (!org) throw new AppError('NOT_FOUND');
	await authorize(actor, 'organisation.view', {
		type: 'organisation',
		id: org.id,
		orgType: org.type
	});
	const [supervisor] = org.supervisorId
		? await db()
				.select({ id: organisations.id, name: organisations.name })
				.from(organisations)
				.where(eq(organisations.id, org.supervisorId))
		: [];
	const members = await db()
		.select({
			id: users.id,
			name: users.name,
			username: users.username,
			role: users.role,
			disabledAt: users.disabledAt,
			lastSignInAt: users.lastSignInAt
		})
		.from(users)
		.where(eq(users.organisationId, org.id))
		.orderBy(asc(users.createdAt));
	const { contactMobileEnc, ...rest } = org;
	return {
		org: { ...rest, hasContactMobile: contactMobileEnc !== null },
		supervisor: supervisor ?? null,
		members
	};
}

export async function listUsers(actor: Actor, filter: { q?: string; page?: number }) {
	await authorize(actor, 'user.list', { type: 'platform' });
	const where: SQL[] = [];
	const q = filter.q?.trim();
	if (q) {
		const id = parseIdNumber(q);
		where.push(
			id.ok
				? eq(users.idNumberHmac, blindIndex('id', id.value))
				: or(
						ilike(users.name, containsPattern(q)),
						ilike(users.username, containsPattern(q)),
						ilike(users.idNumberMasked, containsPattern(q))
					)!
		);
	}
	const page = Math.max(1, filter.page ?? 1);
	const rows = await db()
		.select({
			id: users.id,
			kind: users.kind,
			name: users.name,
			username: users.username,
			idNumberMasked: users.idNumberMasked,
			role: users.role,
			disabledAt: users.disabledAt,
			organisationName: organisations.name,
			organisationType: organisations.type
		})
		.from(users)
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(users.createdAt))
		.limit(PAGE + 1)
		.offset((page - 1) * PAGE);
	return { rows: rows.slice(0, PAGE), page, hasMore: rows.length > PAGE };
}

/** Active supervisors, for the employer registration form (public). */
export function listSupervisors() {
	return db()
		.select({ id: organisations.id, name: organisations.name, tier: organisations.tier })
		.from(organisations)
		.where(and(eq(organisations.type, 'supervisor'), eq(organisations.status, 'active')))
		.orderBy(asc(organisations.name));
}

export async function readLicence(actor: Actor, organisationId: string) {
	if (!isUuid(organisationId)) throw new AppError('NOT_FOUND');
	const [row] = await db()
		.select({
			orgId: organisations.id,
			fileId: files.id,
			mime: files.mime,
			data: files.data,
			ownerUserId: files.ownerUserId
		})
		.from(organisations)
		.innerJoin(files, eq(organisations.licenceFileId, files.id))
		.where(eq(organisations.id, organisationId));
	if (!row) throw new AppError('NOT_FOUND');
	await authorize(actor, 'file.view', {
		type: 'file',
		ownerUserId: row.ownerUserId,
		ownerOrgId: row.orgId
	});
	return row;
}

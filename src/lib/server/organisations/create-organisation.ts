import { and, eq } from 'drizzle-orm';
import { isSeries, isTier } from '#lib/domain/catalogue.js';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import {
	parseOrgName,
	parsePersonName,
	parseUsername,
	type FieldErrors
} from '#lib/domain/forms.js';
import { checkPassword, parseCreditCode } from '#lib/domain/identity.js';
import type { Actor, OrgType } from '#lib/domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import { db } from '../db/index.js';
import { organisations, users } from '../db/schema/index.js';
import { isUniqueViolation } from '../db/unique.js';

export interface CreateOrganisationInput {
	type: string;
	name: string;
	tier?: string;
	series?: string;
	supervisorId?: string;
	creditCode?: string;
	adminName: string;
	adminUsername: string;
	adminPassword: string;
}

const types: readonly OrgType[] = [
	'employer',
	'supervisor',
	'seriesOffice',
	'countyOffice',
	'cityOffice',
	'committee'
];

/** The city office creates an organisation (active at once) and its first admin account. */
export async function createOrganisation(
	actor: Actor,
	input: CreateOrganisationInput
): Promise<{ organisationId: string; userId: string }> {
	await authorize(actor, 'organisation.create', { type: 'platform' });
	const errors: FieldErrors = {};
	const type = types.find((t) => t === input.type);
	if (!type) errors.type = '请选择机构类型';
	const name = parseOrgName(input.name);
	if (!name.ok) errors.name = name.message;
	const needsTier = type === 'employer' || type === 'countyOffice' || type === 'supervisor';
	const tier = input.tier && isTier(input.tier) ? input.tier : null;
	if (needsTier && !tier) errors.tier = '请选择所属层级';
	if (type === 'countyOffice' && tier === 'city') errors.tier = '县（区）职改办须选择县区';
	const needsSeries = type === 'seriesOffice' || type === 'committee';
	const series = input.series && isSeries(input.series) ? input.series : null;
	if (needsSeries && !series) errors.series = '请选择职称系列';
	let creditCode: string | null = null;
	if (type === 'employer') {
		const code = parseCreditCode(input.creditCode ?? '');
		if (code.ok) creditCode = code.value;
		else errors.creditCode = code.message;
		if (!input.supervisorId) errors.supervisorId = '请选择主管部门';
	}
	const adminName = parsePersonName(input.adminName);
	if (!adminName.ok) errors.adminName = adminName.message;
	const username = parseUsername(input.adminUsername);
	if (!username.ok) errors.adminUsername = username.message;
	const pw = checkPassword(input.adminPassword, {
		username: username.ok ? username.value : undefined
	});
	if (!pw.ok) errors.adminPassword = pw.message;
	if (type === 'employer' && input.supervisorId) {
		const [sup] = isUuid(input.supervisorId)
			? await db()
					.select({ id: organisations.id })
					.from(organisations)
					.where(
						and(eq(organisations.id, input.supervisorId), eq(organisations.type, 'supervisor'))
					)
			: [];
		if (!sup) errors.supervisorId = '请选择主管部门';
	}
	if (!type || !name.ok || !adminName.ok || !username.ok || Object.keys(errors).length)
		throw new AppError('VALIDATION', errors);

	const passwordHash = await hashPassword(input.adminPassword);
	try {
		return await db().transaction(async (tx) => {
			const [org] = await tx
				.insert(organisations)
				.values({
					type,
					name: name.value,
					tier: needsTier ? tier : null,
					series: needsSeries ? series : null,
					creditCode,
					supervisorId: type === 'employer' ? input.supervisorId : null,
					status: 'active'
				})
				.returning({ id: organisations.id });
			const [user] = await tx
				.insert(users)
				.values({
					kind: 'staff',
					username: username.value,
					name: adminName.value,
					passwordHash,
					organisationId: org.id,
					role: 'admin'
				})
				.returning({ id: users.id });
			await recordAudit(tx, {
				actorUserId: actor.userId,
				actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
				action: 'organisation.create',
				objectType: 'organisation',
				objectId: org.id,
				result: 'ok',
				detail: { type, firstUserId: user.id }
			});
			return { organisationId: org.id, userId: user.id };
		});
	} catch (e) {
		if (isUniqueViolation(e, 'username'))
			throw new AppError('DUPLICATE_USERNAME', { adminUsername: '该登录名已被使用，请换一个' });
		if (isUniqueViolation(e, 'credit_code'))
			throw new AppError('DUPLICATE_CREDIT_CODE', { creditCode: '该统一社会信用代码已注册' });
		throw e;
	}
}

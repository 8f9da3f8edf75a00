import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { emptyDraft, type ApplicationDraft } from '../../src/lib/domain/application-form.js';
import type { Actor } from '../../src/lib/domain/policy.js';
import type { ProcedureKind } from '../../src/lib/domain/procedures.js';
import { actorOf } from '../../src/lib/server/auth/actor.js';
import { blindIndex, encrypt } from '../../src/lib/server/crypto/pii.js';
import { db } from '../../src/lib/server/db/index.js';
import { applications, organisations, users } from '../../src/lib/server/db/schema/index.js';
import { submitApplication } from '../../src/lib/server/applications/submit-application.js';
import { makeOrg, validIdNumber, validMobile } from './factories.js';

const sha = 'a'.repeat(64);
const ref = (purpose: ApplicationDraft['attachments'][number]['purpose']) => ({
	id: randomUUID(),
	name: `${purpose}.pdf`,
	mime: 'application/pdf' as const,
	size: 1000,
	sha256: sha,
	purpose
});

/** A complete, valid application form of `kind` for the given person and employer. */
export function completeDraft(
	kind: ProcedureKind,
	p: {
		name: string;
		idNumber: string;
		mobile: string;
		employerId: string;
		series?: string;
		level?: 'junior' | 'intermediate' | 'senior';
		qualification?: string;
	}
): ApplicationDraft {
	const draft = emptyDraft(kind, { name: p.name, idNumber: p.idNumber, mobile: p.mobile });
	return {
		...draft,
		personal: { ...draft.personal, education: 'bachelor' },
		employment: { employerId: p.employerId, post: '技术员', yearsInProfession: 8 },
		title: {
			series: p.series ?? 'engineering',
			level: p.level ?? 'intermediate',
			qualification: p.qualification ?? '工程师',
			specialty: '电气工程'
		},
		educationHistory: [
			{ school: '广西大学', major: '电气工程', degree: 'bachelor', from: '2008-09', to: '2012-07' }
		],
		workHistory: [{ employer: '柳州某机械有限公司', post: '技术员', from: '2012-08', to: '' }],
		titlesHeld:
			kind === 'reconfirmation' || kind === 'reissue'
				? [
						{
							series: 'engineering',
							qualification: '工程师',
							certificateNo: 'GC2016-0001',
							issuingAuthority: '南宁市职称改革工作领导小组办公室',
							issuedOn: '2016-09-30'
						}
					]
				: [],
		achievements:
			kind === 'evaluation'
				? [
						{
							type: 'paper',
							title: '变电站接地设计研究',
							date: '2019-05',
							detail: '《电气技术》第一作者'
						}
					]
				: [],
		attachments: [ref('diploma'), ref('titleCertificate')],
		photo: {
			id: randomUUID(),
			mime: 'image/jpeg',
			size: 40_000,
			sha256: sha,
			width: 413,
			height: 579
		}
	} as ApplicationDraft;
}

/** The platform's offices, once per database: city, one county office, series office, committee. */
export async function platform() {
	const city = await makeOrg('cityOffice');
	const county = await makeOrg('countyOffice', { tier: 'liujiang' });
	const seriesOffice = await makeOrg('seriesOffice');
	const committee = await makeOrg('committee');
	return { city, county, seriesOffice, committee };
}

/** An employer (county or city tier) with its supervisor, and an applicant working there. */
export async function employerWithApplicant(tier = 'liujiang') {
	const supervisor = await makeOrg('supervisor');
	const employer = await makeOrg('employer', { tier, supervisorId: supervisor.orgId });
	const idNumber = validIdNumber();
	const mobile = validMobile();
	const [user] = await db()
		.insert(users)
		.values({
			kind: 'applicant',
			name: '覃志堃',
			idNumberEnc: encrypt(idNumber),
			idNumberHmac: blindIndex('id', idNumber),
			mobileEnc: encrypt(mobile),
			mobileHmac: blindIndex('mobile', mobile),
			passwordHash: 'x'
		})
		.returning();
	const applicant = { user, actor: (await actorOf(user)) as Actor, idNumber, mobile };
	return { supervisor, employer, applicant };
}

/** A draft row as sync would have stored it, then submitted through the real use case. */
export async function submitted(
	kind: ProcedureKind,
	who: Awaited<ReturnType<typeof employerWithApplicant>>,
	opts: { level?: 'junior' | 'intermediate' | 'senior'; qualification?: string } = {}
) {
	const id = randomUUID();
	const content = completeDraft(kind, {
		name: who.applicant.user.name,
		idNumber: who.applicant.idNumber,
		mobile: who.applicant.mobile,
		employerId: who.employer.orgId,
		...opts
	});
	await db()
		.insert(applications)
		.values({
			id,
			applicantId: who.applicant.user.id,
			kind,
			level: opts.level ?? 'intermediate',
			series: 'engineering',
			applicantName: who.applicant.user.name,
			content: content as unknown as Record<string, unknown>
		});
	return (await submitApplication(who.applicant.actor, id, 1)).application;
}

export async function reload(id: string) {
	const [app] = await db().select().from(applications).where(eq(applications.id, id));
	return app;
}

export async function orgName(id: string) {
	const [o] = await db()
		.select({ name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, id));
	return o?.name;
}

/**
 * Demo certificates, so a newcomer can download and scan one at once: 韦丽琰 (13807720001) holds
 * a junior 助理工程师 recognised by the city office, 覃志堃 (13807720002) an intermediate 工程师
 * conferred after evaluation. Each comes from a finished application with sealed steps, issued
 * through the real issuance use case (numbers, token key, audit) and with its archive form.
 * Runs inside seedDemo's transaction. PDFs and the demo CA are generated at first download.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { emptyDraft, type ApplicationDraft } from '#lib/domain/application-form.js';
import { contentHashOf } from '../applications/submit-application.js';
import { sealStep } from '../applications/seal-step.js';
import { decrypt } from '../crypto/pii.js';
import type { Tx } from '../db/index.js';
import {
	applications,
	applicationSteps,
	attachments,
	committeeSessions,
	conferrals,
	organisations,
	users,
	type Application
} from '../db/schema/index.js';
import { createArchiveForm } from '../certificates/archive-form.js';
import { issueCertificate } from '../certificates/issue-certificate.js';
import { blindIndex } from '../crypto/pii.js';

export const DEMO_CERTIFICATE_HOLDERS = ['13807720001', '13807720002'] as const;

interface Step {
	event: string;
	from: string;
	to: string;
	by: string | 'applicant' | 'system';
	opinion?: string;
	detail?: Record<string, unknown>;
	/** Days before today. */
	daysAgo: number;
}

async function staff(tx: Tx, username: string) {
	const [u] = await tx
		.select({ id: users.id, orgId: users.organisationId })
		.from(users)
		.where(eq(users.username, username));
	return { userId: u.id, orgId: u.orgId! };
}

async function applicant(tx: Tx, mobile: string) {
	const [u] = await tx
		.select()
		.from(users)
		.where(eq(users.mobileHmac, blindIndex('mobile', mobile)));
	return { id: u.id, name: u.name, idNumber: decrypt(u.idNumberEnc!), mobile };
}

export async function seedDemoCertificates(tx: Tx): Promise<void> {
	const { samplePhoto } = await import('../certificates/sample.js');
	const photo = await samplePhoto();
	const city = await staff(tx, 'city');

	// 1. Junior recognition at 柳钢 (city tier): employer → 市工信局 → city office.
	const wei = await applicant(tx, DEMO_CERTIFICATE_HOLDERS[0]);
	const recognition = await finishedApplication(tx, {
		person: wei,
		employer: 'emp.liugang',
		kind: 'recognition',
		level: 'junior',
		qualification: '助理工程师',
		specialty: '电气工程及其自动化',
		photo,
		steps: [
			{ event: 'submit', from: 'draft', to: 'awaitingEmployer', by: 'applicant', daysAgo: 40 },
			step(
				'approve',
				'awaitingEmployer',
				'awaitingSupervisor',
				'emp.liugang',
				38,
				'情况属实，同意推荐。'
			),
			step('approve', 'awaitingSupervisor', 'awaitingTierOffice', 'sup.gxj', 36, '同意上报。'),
			step(
				'approve',
				'awaitingTierOffice',
				'approved',
				'city',
				33,
				'经审核，符合认定条件，同意认定。'
			)
		],
		finalState: 'approved'
	});
	await issueCertificate(tx, recognition, { issuerOrgId: city.orgId, actorUserId: city.userId });
	await createArchiveForm(tx, recognition, 'recognition', city.orgId);

	// 2. Intermediate evaluation at 柳钢: … → committee → publicity → conferral by the city office.
	const qin = await applicant(tx, DEMO_CERTIFICATE_HOLDERS[1]);
	const chinaDay = (daysAgo: number) =>
		new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
	const documentNumber = `柳职改字〔${chinaDay(40).slice(0, 4)}〕12号`;
	const committee = await staff(tx, 'committee.engineering');
	const [session] = await tx
		.insert(committeeSessions)
		.values({
			committeeId: committee.orgId,
			name: `${chinaDay(50).slice(0, 4)}年工程系列中级职称评审会`,
			heldOn: chinaDay(50),
			membersPresent: 11
		})
		.returning();
	const [conferral] = await tx
		.insert(conferrals)
		.values({
			documentNumber,
			conferredOn: chinaDay(40),
			createdBy: city.userId
		})
		.returning();
	const evaluation = await finishedApplication(tx, {
		person: qin,
		employer: 'emp.liugang',
		kind: 'evaluation',
		level: 'intermediate',
		qualification: '工程师',
		specialty: '冶金工程',
		photo,
		conferralId: conferral.id,
		steps: [
			{ event: 'submit', from: 'draft', to: 'awaitingEmployer', by: 'applicant', daysAgo: 60 },
			step(
				'approve',
				'awaitingEmployer',
				'awaitingSupervisor',
				'emp.liugang',
				58,
				'该同志业绩突出，同意推荐。'
			),
			step('approve', 'awaitingSupervisor', 'awaitingSeriesOffice', 'sup.gxj', 56, '同意上报。'),
			step(
				'approve',
				'awaitingSeriesOffice',
				'awaitingCommittee',
				'series.engineering',
				54,
				'材料齐全，提交评委会评审。'
			),
			{
				...step(
					'committeeDecide',
					'awaitingCommittee',
					'publicity',
					'committee.engineering',
					50,
					'评审通过'
				),
				detail: {
					sessionId: session.id,
					sessionName: session.name,
					heldOn: session.heldOn,
					membersPresent: 11,
					votesFor: 10,
					votesAgainst: 0,
					abstentions: 1,
					passed: true
				}
			},
			{
				event: 'publicityComplete',
				from: 'publicity',
				to: 'awaitingConferral',
				by: 'system',
				daysAgo: 42
			},
			step('confer', 'awaitingConferral', 'conferred', 'city', 40, documentNumber)
		],
		finalState: 'conferred'
	});
	await issueCertificate(tx, evaluation, { issuerOrgId: city.orgId, actorUserId: city.userId });
	await createArchiveForm(tx, evaluation, 'evaluation', city.orgId);
}

function step(
	event: string,
	from: string,
	to: string,
	by: string,
	daysAgo: number,
	opinion: string
): Step {
	return { event, from, to, by, daysAgo, opinion };
}

async function finishedApplication(
	tx: Tx,
	p: {
		person: { id: string; name: string; idNumber: string; mobile: string };
		employer: string;
		kind: 'recognition' | 'evaluation';
		level: 'junior' | 'intermediate';
		qualification: string;
		specialty: string;
		photo: Uint8Array;
		conferralId?: string;
		steps: Step[];
		finalState: string;
	}
): Promise<Application> {
	const employer = await staff(tx, p.employer);
	const [org] = await tx
		.select({ tier: organisations.tier })
		.from(organisations)
		.where(eq(organisations.id, employer.orgId));
	const id = randomUUID();
	const photoId = randomUUID();
	const photoSha = createHash('sha256').update(p.photo).digest('hex');
	const base = emptyDraft(p.kind, {
		name: p.person.name,
		idNumber: p.person.idNumber,
		mobile: p.person.mobile
	});
	const content: ApplicationDraft = {
		...base,
		personal: { ...base.personal, education: 'bachelor' },
		employment: { employerId: employer.orgId, post: '技术员', yearsInProfession: 8 },
		title: {
			series: 'engineering',
			level: p.level,
			qualification: p.qualification,
			specialty: p.specialty
		},
		educationHistory: [
			{
				school: '广西科技大学',
				major: p.specialty,
				degree: 'bachelor',
				from: '2010-09',
				to: '2014-07'
			}
		],
		workHistory: [{ employer: '柳州钢铁集团有限公司', post: '技术员', from: '2014-08', to: '' }],
		photo: {
			id: photoId,
			mime: 'image/jpeg',
			size: p.photo.length,
			sha256: photoSha,
			width: 413,
			height: 579
		}
	} as ApplicationDraft;
	const contentHash = contentHashOf(content);
	const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
	const last = day(p.steps[p.steps.length - 1].daysAgo);
	const number = `ZC${last.getUTCFullYear()}${randomBytes(5).toString('hex').toUpperCase()}`;
	const [app] = await tx
		.insert(applications)
		.values({
			id,
			number,
			applicantId: p.person.id,
			employerId: employer.orgId,
			kind: p.kind,
			level: p.level,
			series: 'engineering',
			qualification: p.qualification,
			applicantName: p.person.name,
			tier: org.tier,
			state: p.finalState,
			content: content as unknown as Record<string, unknown>,
			contentHash,
			version: p.steps.length + 1,
			reviewStarted: true,
			conferralId: p.conferralId ?? null,
			publicityStartedOn:
				p.kind === 'evaluation'
					? day(p.steps.find((s) => s.event === 'committeeDecide')!.daysAgo)
							.toISOString()
							.slice(0, 10)
					: null,
			submittedAt: day(p.steps[0].daysAgo),
			stateChangedAt: last,
			createdAt: day(p.steps[0].daysAgo),
			updatedAt: last
		})
		.returning();
	await tx.insert(attachments).values({
		id: photoId,
		ownerUserId: p.person.id,
		applicationId: id,
		purpose: 'photo',
		name: '证件照.jpg',
		mime: 'image/jpeg',
		size: p.photo.length,
		sha256: photoSha,
		received: p.photo.length,
		complete: true,
		data: p.photo
	});
	for (const [i, s] of p.steps.entries()) {
		const at = day(s.daysAgo);
		const who = s.by === 'applicant' || s.by === 'system' ? null : await staff(tx, s.by);
		const seal =
			s.event === 'approve' && who
				? await sealStep(tx, {
						organisationId: who.orgId,
						reviewerId: who.userId,
						applicationId: id,
						contentHash,
						event: s.event,
						opinion: s.opinion ?? '',
						at
					})
				: null;
		await tx.insert(applicationSteps).values({
			applicationId: id,
			seq: i + 2,
			event: s.event,
			fromState: s.from,
			toState: s.to,
			actorUserId: s.by === 'applicant' ? p.person.id : (who?.userId ?? null),
			actorOrgId: who?.orgId ?? null,
			opinion: s.opinion ?? null,
			detail: s.detail ?? {},
			seal,
			at
		});
	}
	return app;
}

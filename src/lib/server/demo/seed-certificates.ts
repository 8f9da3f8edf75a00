/**
 * Demo certificates, so a newcomer can download and scan one at once: 韦丽琰 (13807720001) holds
 * a junior 助理工程师 recognised by the city office, 覃志堃 (13807720002) an intermediate 工程师
 * conferred after evaluation. Each is a finished application REPLAYED through
 * `transitionApplication` (replay.ts), each move with the clock at its day: the final approval or
 * the conferral issues the certificate and its archive form through the certificates area's
 * transition effects, as in the product (numbers, token key, audit). Runs inside seedDemo's
 * transaction. PDFs and the demo CA are generated at first download.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { emptyDraft, type ApplicationDraft } from '#lib/domain/application-form.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { contentHashOf } from '../applications/submit-application.js';
import { decrypt } from '../crypto/pii.js';
import type { Tx } from '../db/index.js';
import {
	applications,
	attachments,
	conferrals,
	notifications,
	organisations,
	users
} from '../db/schema/index.js';
import { blindIndex } from '../crypto/pii.js';
import { momentOf, replayMoves, workingDaysBefore, type Move } from './replay.js';

export const DEMO_CERTIFICATE_HOLDERS = ['13807720001', '13807720002'] as const;

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

const move = (event: Move['event'], by: string, daysAgo: number, opinion?: string): Move => ({
	event,
	by,
	daysAgo,
	opinion
});
const approve = (by: string, daysAgo: number, opinion: string) =>
	move({ type: 'approve' }, by, daysAgo, opinion);

export async function seedDemoCertificates(tx: Tx): Promise<void> {
	const { samplePhoto } = await import('../certificates/sample.js');
	const photo = await samplePhoto();
	const today = chinaToday();
	const city = await staff(tx, 'city');

	// 1. Junior recognition at 柳钢 (city tier): employer → 市工信局 → city office.
	await finishedApplication(tx, today, {
		person: await applicant(tx, DEMO_CERTIFICATE_HOLDERS[0]),
		employer: 'emp.liugang',
		kind: 'recognition',
		level: 'junior',
		qualification: '助理工程师',
		specialty: '电气工程及其自动化',
		photo,
		moves: [
			move({ type: 'submit' }, 'applicant', 28),
			approve('emp.liugang', 27, '情况属实，同意推荐。'),
			approve('sup.gxj', 26, '同意上报。'),
			approve('city', 24, '经审核，符合认定条件，同意认定。')
		]
	});

	// 2. Intermediate evaluation at 柳钢: … → committee → publicity → conferral by the city office,
	// under a document number the city office issued that day (as conferBatch records it).
	const conferredOn = workingDaysBefore(today, 28);
	const documentNumber = `柳职改字〔${conferredOn.slice(0, 4)}〕12号`;
	const [conferral] = await tx
		.insert(conferrals)
		.values({ documentNumber, conferredOn, createdBy: city.userId })
		.returning();
	await finishedApplication(tx, today, {
		person: await applicant(tx, DEMO_CERTIFICATE_HOLDERS[1]),
		employer: 'emp.liugang',
		kind: 'evaluation',
		level: 'intermediate',
		qualification: '工程师',
		specialty: '冶金工程',
		photo,
		moves: [
			move({ type: 'submit' }, 'applicant', 42),
			approve('emp.liugang', 41, '该同志业绩突出，同意推荐。'),
			approve('sup.gxj', 40, '同意上报。'),
			approve('series.engineering', 38, '材料齐全，提交评委会评审。'),
			{
				...move({ type: 'committeeDecide', passed: true }, 'committee.engineering', 36, '评审通过'),
				vote: {
					sessionName: (heldOn) => `${heldOn.slice(0, 4)}年工程系列中级职称评审会`,
					membersPresent: 11,
					votesFor: 10,
					abstentions: 1
				}
			},
			move({ type: 'publicityComplete' }, 'system', 29),
			{
				...move({ type: 'confer' }, 'city', 28, documentNumber),
				patch: { conferralId: conferral.id }
			}
		]
	});
}

async function finishedApplication(
	tx: Tx,
	today: string,
	p: {
		person: { id: string; name: string; idNumber: string; mobile: string };
		employer: string;
		kind: 'recognition' | 'evaluation';
		level: 'junior' | 'intermediate';
		qualification: string;
		specialty: string;
		photo: Uint8Array;
		moves: Move[];
	}
): Promise<void> {
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
	// The draft as the phone's sync would have stored it, on the day of its submission.
	const created = momentOf(today, p.moves[0], 0);
	const [draft] = await tx
		.insert(applications)
		.values({
			id,
			applicantId: p.person.id,
			employerId: employer.orgId,
			kind: p.kind,
			level: p.level,
			series: 'engineering',
			qualification: p.qualification,
			applicantName: p.person.name,
			tier: org.tier,
			content: content as unknown as Record<string, unknown>,
			createdAt: created,
			updatedAt: created
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
	// Submission fixes the number and the content hash the seals sign, as submitApplication does.
	const [first, ...rest] = p.moves;
	const number = `ZC${created.getUTCFullYear()}${randomBytes(5).toString('hex').toUpperCase()}`;
	const submit = { ...first, patch: { contentHash: contentHashOf(content), number } };
	await replayMoves(tx, draft, [submit, ...rest], today);
	// Finished weeks ago: the holder and the offices have long read what it told them, so the
	// demo accounts open with no stale unread badge (the in-app notices are still listed).
	await tx
		.update(notifications)
		.set({ readAt: sql`now()` })
		.where(and(eq(notifications.applicationId, id), isNull(notifications.readAt)));
}

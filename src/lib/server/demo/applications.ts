import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { validateForSubmit, type ApplicationDraft } from '#lib/domain/application-form.js';
import { parseIdNumber } from '#lib/domain/identity.js';
import type { ProcedureKind } from '#lib/domain/procedures.js';
import type { Level } from '#lib/domain/routing.js';
import { contentHashOf } from '../applications/submit-application.js';
import { chinaToday } from '../calendar/working-day-calendar.js';
import { loadRouting } from '../applications/get-routing.js';
import { blindIndex, decrypt, encrypt } from '../crypto/pii.js';
import type { Tx } from '../db/index.js';
import { applications, attachments, users } from '../db/schema/index.js';
import { demoCertificateImage, demoPdf, demoPhoto } from './demo-files.js';
import { momentOf, replayMoves, type Move } from './replay.js';

/**
 * Demo applications in realistic states, so every reviewer has work on first sign-in and the
 * end-to-end tests start from real data. Each one is REPLAYED through `transitionApplication`
 * (replay.ts), each move with the clock at its moment, dated in working days before today:
 * states, versions, assignees, seals (over the real content hash), periods, notifications and
 * audit entries are the ones the product writes. Runs inside seedDemo's one transaction.
 */
export const demoExtraApplicants = [
	{ name: '黄海燕', idNumber: idNumber('450221', '19900612', 36), mobile: '13807720004' },
	{ name: '蒙凯', idNumber: idNumber('450205', '19940303', 15), mobile: '13807720005' },
	{ name: '陆晓红', idNumber: idNumber('450222', '19870925', 28), mobile: '13807720006' }
];

function idNumber(region: string, birth: string, seq: number): string {
	const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
	const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
	return body + '10X98765432'[sum % 11];
}

interface Spec {
	mobile: string;
	employer: string; // employer staff username
	kind: ProcedureKind;
	series: string;
	level: Level;
	qualification: string;
	specialty: string;
	post: string;
	moves: Move[];
}

const approve = (by: string, daysAgo: number, opinion = '经审核，情况属实，同意。'): Move => ({
	event: { type: 'approve' },
	by,
	daysAgo,
	opinion
});
const submit = (daysAgo: number): Move => ({ event: { type: 'submit' }, by: 'applicant', daysAgo });
const committee = (daysAgo: number): Move => ({
	event: { type: 'committeeDecide', passed: true },
	by: 'committee.engineering',
	daysAgo,
	opinion: '评审通过',
	vote: {
		sessionName: (heldOn) => `${heldOn.slice(0, 4)}年工程系列职称评审会`,
		membersPresent: 9,
		votesFor: 8,
		abstentions: 1
	}
});

const SPECS: Spec[] = [
	// 柳江区第一中学: one fresh recognition, one overdue (the queue shows both).
	{
		mobile: '13807720001',
		employer: 'emp.ljyz',
		kind: 'recognition',
		series: 'teacher',
		level: 'intermediate',
		qualification: '一级教师',
		specialty: '初中数学',
		post: '数学教师',
		moves: [submit(1)]
	},
	{
		mobile: '13807720004',
		employer: 'emp.ljyz',
		kind: 'recognition',
		series: 'teacher',
		level: 'junior',
		qualification: '二级教师',
		specialty: '小学语文',
		post: '语文教师',
		moves: [submit(7)]
	},
	// 柳钢: an evaluation at the committee, one after publicity, one whose publicity is due.
	{
		mobile: '13807720002',
		employer: 'emp.liugang',
		kind: 'evaluation',
		series: 'engineering',
		level: 'intermediate',
		qualification: '工程师',
		specialty: '冶金工程',
		post: '炼钢工艺工程技术员',
		moves: [
			submit(12),
			approve('emp.liugang', 10, '该同志业绩突出，同意推荐。'),
			approve('sup.gxj', 7),
			approve('series.engineering', 3, '材料齐全，符合申报条件，提交评委会评审。')
		]
	},
	{
		mobile: '13807720003',
		employer: 'emp.liugang',
		kind: 'evaluation',
		series: 'engineering',
		level: 'intermediate',
		qualification: '工程师',
		specialty: '机械设计',
		post: '设备管理员',
		moves: [
			submit(30),
			approve('emp.liugang', 28),
			approve('sup.gxj', 26),
			approve('series.engineering', 24),
			committee(14),
			{ event: { type: 'publicityComplete' }, by: 'system', daysAgo: 8 }
		]
	},
	{
		mobile: '13807720005',
		employer: 'emp.liugang',
		kind: 'evaluation',
		series: 'engineering',
		level: 'junior',
		qualification: '助理工程师',
		specialty: '电气自动化',
		post: '电气技术员',
		moves: [
			submit(20),
			approve('emp.liugang', 18),
			approve('sup.gxj', 16),
			approve('series.engineering', 14),
			committee(8)
		]
	},
	// A transferee's reconfirmation waiting at the county office for 7 working days (overdue);
	// approving it issues the certificate, then the school mails the paper one.
	{
		mobile: '13807720006',
		employer: 'emp.ljyz',
		kind: 'reconfirmation',
		series: 'teacher',
		level: 'intermediate',
		qualification: '一级教师',
		specialty: '高中英语',
		post: '英语教师',
		moves: [submit(10), approve('emp.ljyz', 9), approve('sup.ljjy', 7)]
	}
];

interface Person {
	id: string;
	name: string;
	idNumber: string;
	mobile: string;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function draftOf(
	spec: Spec,
	person: Person,
	employerId: string,
	files: FileRef[]
): ApplicationDraft {
	const id = parseIdNumber(person.idNumber);
	return {
		formVersion: 1,
		kind: spec.kind,
		personal: {
			name: person.name,
			sex: id.ok ? id.sex : '',
			idNumber: person.idNumber,
			birthDate: id.ok ? id.birthDate : '',
			education: 'bachelor',
			mobile: person.mobile
		},
		employment: { employerId, post: spec.post, yearsInProfession: 9 },
		title: {
			series: spec.series,
			level: spec.level,
			qualification: spec.qualification,
			specialty: spec.specialty
		},
		educationHistory: [
			{
				school: '广西师范大学',
				major: spec.specialty,
				degree: 'bachelor',
				from: '2008-09',
				to: '2012-07'
			}
		],
		workHistory: [{ employer: '柳州市某单位', post: spec.post, from: '2012-08', to: '' }],
		titlesHeld:
			spec.kind === 'reconfirmation'
				? [
						{
							series: spec.series,
							qualification: spec.qualification,
							certificateNo: 'GX2018-JS-01427',
							issuingAuthority: '南宁市职称改革工作领导小组办公室',
							issuedOn: '2018-12-20'
						}
					]
				: [],
		achievements:
			spec.kind === 'evaluation'
				? [
						{
							type: 'project',
							title: `${spec.specialty}技术改造项目`,
							date: '2022-06',
							detail: '项目主要完成人'
						}
					]
				: [],
		attachments: files
			.filter((f) => f.purpose !== 'photo')
			.map((f) => ({
				id: f.id,
				name: f.name,
				mime: f.mime,
				size: f.size,
				sha256: f.sha256,
				purpose: f.purpose
			})),
		photo: (() => {
			const p = files.find((f) => f.purpose === 'photo')!;
			return {
				id: p.id,
				mime: 'image/png',
				size: p.size,
				sha256: p.sha256,
				width: 413,
				height: 579
			};
		})()
	} as ApplicationDraft;
}

interface FileRef {
	id: string;
	name: string;
	mime: 'application/pdf' | 'image/png';
	size: number;
	sha256: string;
	purpose: string;
	data: Uint8Array;
}

function filesFor(spec: Spec, person: Person): FileRef[] {
	const file = (purpose: string, name: string, mime: FileRef['mime'], data: Uint8Array) => ({
		id: randomUUID(),
		name,
		mime,
		size: data.byteLength,
		sha256: sha256(data),
		purpose,
		data
	});
	const diploma = demoPdf([
		'DIPLOMA (demo)',
		`Holder: ${person.mobile.slice(0, 3)}****${person.mobile.slice(-4)}`,
		'Guangxi Normal University, Bachelor, 2012',
		'This is demonstration material of Zhicheng.'
	]);
	const list = [file('diploma', '学历证书.pdf', 'application/pdf', diploma)];
	list.push(
		spec.kind === 'reconfirmation'
			? file('titleCertificate', '原职称证书.png', 'image/png', demoCertificateImage())
			: file('degree', '学位证书.png', 'image/png', demoCertificateImage())
	);
	list.push(file('photo', '证件照.png', 'image/png', demoPhoto()));
	return list;
}

async function people(tx: Tx, passwordHash: string): Promise<Map<string, Person>> {
	for (const a of demoExtraApplicants) {
		await tx.insert(users).values({
			kind: 'applicant',
			name: a.name,
			idNumberEnc: encrypt(a.idNumber),
			idNumberHmac: blindIndex('id', a.idNumber),
			idNumberMasked: `${a.idNumber.slice(0, 6)}********${a.idNumber.slice(-4)}`,
			mobileEnc: encrypt(a.mobile),
			mobileHmac: blindIndex('mobile', a.mobile),
			passwordHash
		});
	}
	const mobiles = SPECS.map((s) => s.mobile);
	const rows = await tx
		.select()
		.from(users)
		.where(
			inArray(
				users.mobileHmac,
				mobiles.map((m) => blindIndex('mobile', m))
			)
		);
	return new Map(
		rows.map((u) => {
			const mobile = decrypt(u.mobileEnc!);
			return [mobile, { id: u.id, name: u.name, idNumber: decrypt(u.idNumberEnc!), mobile }];
		})
	);
}

async function staffByUsername(tx: Tx) {
	const rows = await tx
		.select({ id: users.id, username: users.username, orgId: users.organisationId })
		.from(users)
		.where(eq(users.kind, 'staff'));
	return new Map(rows.map((r) => [r.username!, { userId: r.id, orgId: r.orgId! }]));
}

export async function seedDemoApplications(tx: Tx, passwordHash: string): Promise<void> {
	const persons = await people(tx, passwordHash);
	const staff = await staffByUsername(tx);
	const today = chinaToday();
	for (const spec of SPECS) await replay(tx, spec, persons.get(spec.mobile)!, staff, today);
}

async function replay(
	tx: Tx,
	spec: Spec,
	person: Person,
	staff: Awaited<ReturnType<typeof staffByUsername>>,
	today: string
): Promise<void> {
	const employerId = staff.get(spec.employer)!.orgId;
	const routing = (await loadRouting(tx, employerId))!;
	const files = filesFor(spec, person);
	const checked = validateForSubmit(draftOf(spec, person, employerId, files));
	if (!checked.ok) throw new Error(`demo application invalid: ${Object.keys(checked.errors)}`);
	const content = checked.value as unknown as Record<string, unknown>;
	const id = randomUUID();
	// The draft as the phone's sync would have stored it, on the day of its submission.
	const created = momentOf(today, spec.moves[0], 0);
	const [draft] = await tx
		.insert(applications)
		.values({
			id,
			applicantId: person.id,
			employerId,
			kind: spec.kind,
			level: spec.level,
			series: spec.series,
			qualification: spec.qualification,
			applicantName: person.name,
			tier: routing.employer.tier,
			content,
			createdAt: created,
			updatedAt: created
		})
		.returning();
	for (const f of files)
		await tx.insert(attachments).values({
			id: f.id,
			ownerUserId: person.id,
			applicationId: id,
			purpose: f.purpose,
			name: f.name,
			mime: f.mime,
			size: f.size,
			sha256: f.sha256,
			received: f.size,
			complete: true,
			data: f.data
		});
	// Submission fixes the number and the content hash the seals sign, as submitApplication does.
	const [first, ...rest] = spec.moves;
	const submit: Move = {
		...first,
		patch: {
			contentHash: contentHashOf(checked.value),
			number: `ZC${today.slice(0, 4)}${randomBytes(5).toString('hex').toUpperCase()}`
		}
	};
	await replayMoves(tx, draft, [submit, ...rest], today);
}

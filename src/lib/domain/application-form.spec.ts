import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	MAX_ITEMS,
	MAX_TEXT,
	QUALIFICATIONS,
	SECTION_IDS,
	emptyDraft,
	fileRefs,
	levelOfQualification,
	parseDraftPayload,
	qualificationsFor,
	sections,
	validateForSubmit,
	validateSection,
	type ApplicationDraft
} from './application-form.js';
import { idNumberCheckChar } from './identity.js';
import { PROCEDURE_KINDS, type ProcedureKind } from './procedures.js';

// ---------------------------------------------------------------- factories

function makeIdNumber(birth = '19900101', seq = '123'): string {
	const first17 = '450203' + birth + seq;
	return first17 + idNumberCheckChar(first17);
}

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const sha = 'a'.repeat(64);

function attachment(purpose: ApplicationDraft['attachments'][number]['purpose']) {
	return {
		id: uuid(),
		name: `${purpose}.pdf`,
		mime: 'application/pdf' as const,
		size: 1000,
		sha256: sha,
		purpose
	};
}

/** A complete, valid application of `kind` (intermediate engineering). */
function validDraft(kind: ProcedureKind): ApplicationDraft {
	const draft = emptyDraft(kind, { name: '张三', idNumber: makeIdNumber(), mobile: '13812345678' });
	return {
		...draft,
		personal: { ...draft.personal, education: 'bachelor' },
		employment: { employerId: uuid(), post: '技术员', yearsInProfession: 8 },
		title: {
			series: 'engineering',
			level: 'intermediate',
			qualification: '工程师',
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
		attachments: [attachment('diploma'), attachment('titleCertificate')],
		photo: { id: uuid(), mime: 'image/jpeg', size: 40_000, sha256: sha, width: 413, height: 579 }
	};
}

const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

// ---------------------------------------------------------------- tests

describe('option lists', () => {
	it('maps every qualification to exactly one level of its series', () => {
		expect(qualificationsFor('engineering', 'intermediate')).toEqual(['工程师']);
		expect(levelOfQualification('engineering', '助理工程师')).toBe('junior');
		expect(levelOfQualification('teacher', '一级教师')).toBe('intermediate');
		expect(levelOfQualification('health', '主治医师')).toBe('intermediate');
		expect(levelOfQualification('accounting', '工程师')).toBeNull();
		for (const levels of Object.values(QUALIFICATIONS)) {
			const all = Object.values(levels).flat();
			expect(new Set(all).size).toBe(all.length);
		}
	});
});

describe('sections', () => {
	it('asks for achievements in an evaluation only', () => {
		expect(sections('evaluation').map((s) => s.id)).toEqual(SECTION_IDS);
		for (const kind of ['recognition', 'reconfirmation', 'reissue'] as const) {
			expect(sections(kind).map((s) => s.id)).not.toContain('achievements');
		}
	});

	it('names the held-title screen after what the procedure needs', () => {
		const title = (kind: ProcedureKind) => sections(kind).find((s) => s.id === 'titlesHeld')?.title;
		expect(title('reconfirmation')).toBe('原职称证书');
		expect(title('reissue')).toBe('遗失的职称证书');
	});
});

describe('emptyDraft', () => {
	it('prefills sex and birth date from the profile ID number', () => {
		const draft = emptyDraft('recognition', { idNumber: makeIdNumber('19850612', '124') });
		expect(draft.personal).toMatchObject({ birthDate: '1985-06-12', sex: 'female' });
	});

	it('is a valid payload but not a submittable application, with Chinese messages', () => {
		for (const kind of PROCEDURE_KINDS) {
			expect(parseDraftPayload(emptyDraft(kind)).ok).toBe(true);
			const result = validateForSubmit(emptyDraft(kind));
			expect(result.ok).toBe(false);
			if (result.ok) continue;
			expect(Object.keys(result.errors)).toEqual(
				expect.arrayContaining(['personal.name', 'employment.employerId', 'title.series', 'photo'])
			);
			for (const message of Object.values(result.errors)) expect(hasHan(message)).toBe(true);
		}
	});
});

describe('validateForSubmit', () => {
	it('accepts a complete application of every kind', () => {
		for (const kind of PROCEDURE_KINDS) {
			const result = validateForSubmit(validDraft(kind));
			expect(result, kind).toMatchObject({ ok: true });
		}
	});

	it('returns trimmed, normalised values', () => {
		const draft = validDraft('recognition');
		draft.personal.name = '  张三 ';
		draft.personal.mobile = '138 1234 5678';
		draft.title.specialty = ' 电气工程 ';
		const result = validateForSubmit(draft);
		expect(result.ok && result.value.personal).toMatchObject({
			name: '张三',
			mobile: '13812345678'
		});
		expect(result.ok && result.value.title.specialty).toBe('电气工程');
	});

	it('rejects a malformed payload before looking at completeness', () => {
		const result = validateForSubmit({ ...validDraft('evaluation'), extra: 1 });
		expect(result).toEqual({ ok: false, errors: { extra: expect.stringContaining('不允许') } });
	});
});

describe('validateSection', () => {
	it('checks birth date and sex against the ID number', () => {
		const draft = validDraft('evaluation');
		draft.personal.birthDate = '1990-01-02';
		draft.personal.sex = 'female';
		expect(validateSection(draft, 'personal')).toEqual({
			'personal.birthDate': expect.stringContaining('身份证号'),
			'personal.sex': '性别与身份证号不一致，请核对'
		});
	});

	it('reuses the identity parsers’ messages', () => {
		const draft = validDraft('evaluation');
		draft.personal.mobile = '12345';
		expect(validateSection(draft, 'personal')['personal.mobile']).toMatch(/11 位手机号/);
	});

	it('limits recognition to junior and intermediate titles', () => {
		const draft = validDraft('recognition');
		draft.title = { ...draft.title, level: 'senior', qualification: '高级工程师' };
		expect(validateSection(draft, 'title')['title.level']).toMatch(/初级、中级/);
		const evaluation = { ...validDraft('evaluation'), title: draft.title };
		expect(validateSection(evaluation, 'title')).toEqual({});
	});

	it('requires a qualification from the series and level list', () => {
		const draft = validDraft('evaluation');
		draft.title.qualification = '会计师';
		expect(validateSection(draft, 'title')).toEqual({
			'title.qualification': expect.stringContaining('资格名称与所选系列和级别不符')
		});
	});

	it('checks dates and their order in list entries', () => {
		const draft = validDraft('evaluation');
		draft.educationHistory[0] = { ...draft.educationHistory[0], from: '2012-09', to: '2008-07' };
		draft.workHistory[0].from = '2012/08';
		expect(validateSection(draft, 'educationHistory')).toEqual({
			'educationHistory.0.to': '毕业时间不能早于入学时间，请核对'
		});
		expect(validateSection(draft, 'workHistory')).toEqual({
			'workHistory.0.from': expect.stringContaining('2015-09')
		});
	});

	it('requires the original certificate for a reconfirmation, field by field', () => {
		const draft = validDraft('reconfirmation');
		expect(validateSection({ ...draft, titlesHeld: [] }, 'titlesHeld')).toEqual({
			titlesHeld: expect.stringContaining('原职称证书')
		});
		draft.titlesHeld[0] = { ...draft.titlesHeld[0], certificateNo: ' ', issuedOn: '2016-02-30' };
		expect(validateSection(draft, 'titlesHeld')).toEqual({
			'titlesHeld.0.certificateNo': '请填写原证书编号',
			'titlesHeld.0.issuedOn': '发证日期不是有效日期，请核对'
		});
	});

	it('requires achievements for an evaluation only', () => {
		expect(
			validateSection({ ...validDraft('evaluation'), achievements: [] }, 'achievements')
		).toEqual({
			achievements: expect.stringContaining('业绩成果')
		});
		expect(
			validateSection({ ...validDraft('recognition'), achievements: [] }, 'achievements')
		).toEqual({});
	});

	it('names the missing required materials and refuses duplicate files', () => {
		const draft = validDraft('reconfirmation');
		expect(validateSection({ ...draft, attachments: [] }, 'attachments')).toEqual({
			attachments: '请上传职称证书'
		});
		const twice = [draft.attachments[1], draft.attachments[1]];
		expect(validateSection({ ...draft, attachments: twice }, 'attachments')).toEqual({
			attachments: '有重复的附件，请删除重复的文件'
		});
	});

	it('requires a 413×579 photo', () => {
		const draft = validDraft('evaluation');
		expect(validateSection({ ...draft, photo: null }, 'photo')).toEqual({
			photo: expect.stringContaining('2 寸证件照')
		});
		draft.photo = { ...draft.photo!, width: 400 };
		expect(validateSection(draft, 'photo')).toEqual({
			'photo.width': expect.stringContaining('413×579')
		});
	});
});

describe('parseDraftPayload (server)', () => {
	it('rejects unknown keys at any depth, including __proto__', () => {
		const draft = validDraft('evaluation');
		const nested = { ...draft, personal: { ...draft.personal, isAdmin: true } };
		expect(parseDraftPayload(nested)).toEqual({
			ok: false,
			errors: { 'personal.isAdmin': expect.stringContaining('不允许的字段') }
		});
		const polluted = JSON.parse(JSON.stringify(draft).replace('{', '{"__proto__":{"x":1},'));
		expect(parseDraftPayload(polluted).ok).toBe(false);
	});

	it('rejects strings over 2000 characters and lists over 50 items', () => {
		const draft = validDraft('evaluation');
		const long = { ...draft, title: { ...draft.title, specialty: 'x'.repeat(MAX_TEXT + 1) } };
		expect(parseDraftPayload(long)).toEqual({
			ok: false,
			errors: { 'title.specialty': expect.stringContaining('2000') }
		});
		const many = { ...draft, workHistory: Array(MAX_ITEMS + 1).fill(draft.workHistory[0]) };
		expect(parseDraftPayload(many)).toEqual({
			ok: false,
			errors: { workHistory: expect.stringContaining('50') }
		});
		expect(
			parseDraftPayload({ ...draft, workHistory: Array(MAX_ITEMS).fill(draft.workHistory[0]) }).ok
		).toBe(true);
	});

	it('rejects malformed file references and foreign form versions', () => {
		const draft = validDraft('evaluation');
		const badFile = { ...draft, attachments: [{ ...draft.attachments[0], sha256: 'abc' }] };
		expect(parseDraftPayload(badFile)).toEqual({
			ok: false,
			errors: { 'attachments.0.sha256': expect.stringContaining('校验值') }
		});
		expect(parseDraftPayload({ ...draft, formVersion: 2 }).ok).toBe(false);
		expect(parseDraftPayload(null).ok).toBe(false);
		expect(parseDraftPayload('draft').ok).toBe(false);
	});

	it('never throws and answers every bad payload in Chinese', () => {
		const base = validDraft('evaluation') as unknown as Record<string, unknown>;
		fc.assert(
			fc.property(fc.constantFrom(...Object.keys(base)), fc.anything(), (key, junk) => {
				const result = parseDraftPayload({ ...base, [key]: junk });
				if (!result.ok) for (const m of Object.values(result.errors)) expect(hasHan(m)).toBe(true);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('fileRefs', () => {
	it('lists the attachments and the photo', () => {
		const draft = validDraft('evaluation');
		expect(fileRefs(draft).map((f) => f.id)).toEqual([
			...draft.attachments.map((a) => a.id),
			draft.photo!.id
		]);
	});
});

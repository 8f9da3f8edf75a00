/**
 * THE application form: one valibot schema shared by the browser (validation as you type, one
 * section per phone screen) and the server (strict parsing of sync payloads, revalidation on
 * submit). Messages are Chinese and say what to fix.
 *
 * Two layers, on purpose:
 * - `parseDraftPayload` checks only the SHAPE of a draft: known keys, types, picklists, string
 *   length ≤ 2000, lists ≤ 50 items, well-formed attachment references. A half-filled draft
 *   passes; anything a client could not have produced (extra keys, oversize text) does not.
 * - `validateSection` / `validateForSubmit` check COMPLETENESS and cross-field rules (ID number
 *   vs birth date and sex, level allowed for the procedure, qualification in the series/level
 *   list, date order, required lists and attachments).
 *
 * Field paths are dot paths into the draft: `personal.name`, `educationHistory.0.school`; an
 * error about a whole list or section is keyed by the section id (`achievements`).
 * `personal.idNumber` is shown read-only from the profile; the server overwrites it from the
 * profile before validating, so a tampered value never counts.
 */
import * as v from 'valibot';
import { SERIES, type SeriesCode } from './catalogue.js';
import { parsePersonName } from './forms.js';
import { parseIdNumber, parseMobile } from './identity.js';
import {
	PROCEDURE_KINDS,
	levelsByKind,
	procedureLabels,
	type ProcedureKind
} from './procedures.js';
import { LEVELS, levelLabels, type Level } from './routing.js';

export const FORM_VERSION = 1;
export const MAX_TEXT = 2000;
export const MAX_ITEMS = 50;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const PHOTO_SIZE = { width: 413, height: 579 } as const;

// ---------------------------------------------------------------- option lists

/** 资格名称 per series and level; the first junior entry of 工程 is 员级, the second 助理级. */
export const QUALIFICATIONS: Record<SeriesCode, Record<Level, readonly string[]>> = {
	engineering: {
		junior: ['技术员', '助理工程师'],
		intermediate: ['工程师'],
		senior: ['高级工程师', '正高级工程师']
	},
	health: {
		junior: ['医士', '医师', '护士', '护师', '药士', '药师', '技士', '技师'],
		intermediate: ['主治医师', '主管护师', '主管药师', '主管技师'],
		senior: ['副主任医师', '主任医师', '副主任护师', '主任护师']
	},
	teacher: {
		junior: ['三级教师', '二级教师'],
		intermediate: ['一级教师'],
		senior: ['高级教师', '正高级教师']
	},
	economics: {
		junior: ['助理经济师'],
		intermediate: ['经济师'],
		senior: ['高级经济师', '正高级经济师']
	},
	accounting: {
		junior: ['助理会计师'],
		intermediate: ['会计师'],
		senior: ['高级会计师', '正高级会计师']
	},
	agriculture: {
		junior: ['农业技术员', '助理农艺师'],
		intermediate: ['农艺师'],
		senior: ['高级农艺师', '农业技术推广研究员']
	}
};

export function qualificationsFor(series: string, level: string): readonly string[] {
	return QUALIFICATIONS[series as SeriesCode]?.[level as Level] ?? [];
}

export function levelOfQualification(series: string, qualification: string): Level | null {
	return LEVELS.find((level) => qualificationsFor(series, level).includes(qualification)) ?? null;
}

export const EDUCATION_LEVELS = {
	highSchool: '高中及以下',
	secondary: '中专（中技）',
	juniorCollege: '大学专科',
	bachelor: '大学本科',
	master: '硕士研究生',
	doctor: '博士研究生'
} as const;
export const DEGREES = {
	none: '无学位',
	bachelor: '学士',
	master: '硕士',
	doctor: '博士'
} as const;
export const SEXES = { male: '男', female: '女' } as const;
export const ACHIEVEMENT_TYPES = {
	paper: '论文',
	project: '项目',
	award: '获奖',
	patent: '专利',
	other: '其他'
} as const;
export const ATTACHMENT_PURPOSES = {
	idCard: '身份证',
	diploma: '学历证书',
	degree: '学位证书',
	titleCertificate: '职称证书',
	licence: '执业资格证书',
	achievement: '业绩材料',
	other: '其他材料'
} as const;
export type AttachmentPurpose = keyof typeof ATTACHMENT_PURPOSES;
export const ATTACHMENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const PHOTO_MIMES = ['image/jpeg', 'image/png'] as const;

/** Materials without which an office cannot decide; change here, UI and server follow. */
export const REQUIRED_ATTACHMENTS: Record<ProcedureKind, readonly AttachmentPurpose[]> = {
	evaluation: ['diploma'],
	recognition: ['diploma'],
	reconfirmation: ['titleCertificate'],
	reissue: []
};

/** Kinds that must name at least one held title: the certificate to reconfirm or reissue. */
const TITLES_HELD_REQUIRED: readonly ProcedureKind[] = ['reconfirmation', 'reissue'];

/** Values that must be taken whole when merging a sync conflict field by field. */
export const ATOMIC_FIELDS = ['photo'] as const;

// ---------------------------------------------------------------- shape (server payloads)

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
const text = v.pipe(
	v.string('应为文字'),
	v.maxLength(MAX_TEXT, `内容过长，请控制在 ${MAX_TEXT} 字以内`)
);
const choice = <T extends string>(options: readonly T[]) =>
	v.picklist(['', ...options] as ('' | T)[], '选项无效，请从列表中选择');
const list = <T extends v.GenericSchema>(item: T) =>
	v.pipe(
		v.array(item, '应为列表'),
		v.maxLength(MAX_ITEMS, `最多填写 ${MAX_ITEMS} 项，请删除多余的条目`)
	);
const fileRef = {
	id: v.pipe(v.string(), v.uuid('附件编号无效，请重新上传该文件')),
	size: v.pipe(
		v.number(),
		v.integer('文件大小无效'),
		v.minValue(1, '文件是空的，请重新选择'),
		v.maxValue(MAX_ATTACHMENT_BYTES, '文件过大，请上传不超过 10 MB 的文件')
	),
	sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, '文件校验值无效，请重新上传该文件'))
};

const attachmentShape = v.strictObject({
	...fileRef,
	name: v.pipe(v.string(), v.maxLength(255, '文件名过长，请改短后重新上传')),
	mime: v.picklist(ATTACHMENT_MIMES, '文件格式不支持，请上传 PDF、JPEG 或 PNG 文件'),
	purpose: choice(keys(ATTACHMENT_PURPOSES))
});

const photoShape = v.strictObject({
	...fileRef,
	mime: v.picklist(PHOTO_MIMES, '证件照应为 JPEG 或 PNG 图片'),
	width: v.pipe(v.number(), v.integer()),
	height: v.pipe(v.number(), v.integer())
});

const draftShape = v.strictObject({
	formVersion: v.literal(FORM_VERSION, '表单版本不受支持，请更新应用后重试'),
	kind: v.picklist(PROCEDURE_KINDS, '办理事项无效'),
	personal: v.strictObject({
		name: text,
		sex: choice(keys(SEXES)),
		idNumber: text,
		birthDate: text,
		education: choice(keys(EDUCATION_LEVELS)),
		mobile: text
	}),
	employment: v.strictObject({
		employerId: text,
		post: text,
		yearsInProfession: v.nullable(v.pipe(v.number('应为数字'), v.finite('应为数字')))
	}),
	title: v.strictObject({
		series: choice(SERIES.map((s) => s.code)),
		level: choice(LEVELS),
		qualification: text,
		specialty: text
	}),
	educationHistory: list(
		v.strictObject({
			school: text,
			major: text,
			degree: choice(keys(DEGREES)),
			from: text,
			to: text
		})
	),
	workHistory: list(v.strictObject({ employer: text, post: text, from: text, to: text })),
	titlesHeld: list(
		v.strictObject({
			series: choice(SERIES.map((s) => s.code)),
			qualification: text,
			certificateNo: text,
			issuingAuthority: text,
			issuedOn: text
		})
	),
	achievements: list(
		v.strictObject({
			type: choice(keys(ACHIEVEMENT_TYPES)),
			title: text,
			date: text,
			detail: text
		})
	),
	attachments: list(attachmentShape),
	photo: v.nullable(photoShape)
});

export type ApplicationDraft = v.InferOutput<typeof draftShape>;
export type AttachmentRef = ApplicationDraft['attachments'][number];
export type PhotoRef = NonNullable<ApplicationDraft['photo']>;
export type EducationEntry = ApplicationDraft['educationHistory'][number];
export type WorkEntry = ApplicationDraft['workHistory'][number];
export type HeldTitle = ApplicationDraft['titlesHeld'][number];
export type Achievement = ApplicationDraft['achievements'][number];
export type FieldErrors = Record<string, string>;
export type SubmitResult =
	{ ok: true; value: ApplicationDraft } | { ok: false; errors: FieldErrors };

/** Fallback for type errors no honest client produces (the schema gives no message there). */
const SHAPE_MESSAGE = '内容格式不正确，请刷新页面或更新应用后重试';
/** Not `abortPipeEarly`: cross-field checks further down a pipe must still run; first message wins. */
const SECTION_CONFIG = { message: SHAPE_MESSAGE } as const;

function toErrors(issues: readonly v.BaseIssue<unknown>[], prefix = ''): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const path = v.getDotPath(issue);
		const key = [prefix, path].filter(Boolean).join('.') || '_';
		const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
		errors[key] ??= unknownKey ? '包含不允许的字段，请更新应用后重试' : issue.message;
	}
	return errors;
}

/** The server's strict parse of a sync payload: shape only, a half-filled draft passes. */
export function parseDraftPayload(input: unknown): SubmitResult {
	const result = v.safeParse(draftShape, input, { abortPipeEarly: true, message: SHAPE_MESSAGE });
	return result.success
		? { ok: true, value: result.output }
		: { ok: false, errors: toErrors(result.issues) };
}

// ---------------------------------------------------------------- completeness (submit)

const required = (message: string, max: number, label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(message),
		v.maxLength(max, `${label}不能超过 ${max} 个字，请精简`)
	);
const month = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(`请填写${label}`),
		v.regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, `${label}格式应为“年-月”，如 2015-09`)
	);
const isCalendarDate = (s: string) => {
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const date = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(`请填写${label}`),
		v.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为“年-月-日”，如 2015-09-30`),
		v.check(isCalendarDate, `${label}不是有效日期，请核对`)
	);
/** Runs one of the identity parsers: its Chinese message, its normalised value. */
const parsed = (
	parse: (s: string) => { ok: true; value: string } | { ok: false; message: string }
) =>
	v.pipe(
		v.string(),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const result = parse(dataset.value);
			if (result.ok) return result.value;
			addIssue({ message: result.message });
			return NEVER;
		})
	);
const picked = <T extends string>(options: readonly T[], message: string) =>
	v.picklist(options, message);
/** Chronology inside one list entry: `to` (empty = 至今) must not precede `from`. */
const inOrder = (entry: { from: string; to: string }) => !entry.to || entry.to >= entry.from;
const idFacts = (idNumber: string) => {
	const id = parseIdNumber(idNumber);
	return id.ok ? id : null;
};

const personalSchema = v.pipe(
	v.object({
		name: parsed(parsePersonName),
		sex: picked(keys(SEXES), '请选择性别'),
		idNumber: parsed((s) => parseIdNumber(s)),
		birthDate: date('出生日期'),
		education: picked(keys(EDUCATION_LEVELS), '请选择最高学历'),
		mobile: parsed(parseMobile)
	}),
	v.forward(
		v.partialCheck(
			[['idNumber'], ['birthDate']],
			(p) => idFacts(p.idNumber)?.birthDate === p.birthDate,
			'出生日期与身份证号不一致，请按身份证号第 7–14 位填写'
		),
		['birthDate']
	),
	v.forward(
		v.partialCheck(
			[['idNumber'], ['sex']],
			(p) => idFacts(p.idNumber)?.sex === p.sex,
			'性别与身份证号不一致，请核对'
		),
		['sex']
	)
);

const employmentSchema = v.object({
	employerId: v.pipe(v.string(), v.uuid('请选择现工作单位')),
	post: required('请填写现任职务或岗位', 50, '职务或岗位'),
	yearsInProfession: v.pipe(
		v.number('请填写从事本专业工作的年限'),
		v.integer('工作年限请填整数'),
		v.minValue(0, '工作年限不能为负数'),
		v.maxValue(60, '工作年限应在 0–60 年之间，请核对')
	)
});

const titleSchema = (kind: ProcedureKind) =>
	v.pipe(
		v.object({
			series: picked(
				SERIES.map((s) => s.code),
				'请选择职称系列'
			),
			level: picked(
				levelsByKind[kind],
				levelsByKind[kind].length < LEVELS.length
					? `${procedureLabels[kind]}只办理${levelsByKind[kind].map((l) => levelLabels[l]).join('、')}职称，请选择级别`
					: '请选择申报级别'
			),
			qualification: v.pipe(v.string(), v.nonEmpty('请选择资格名称')),
			specialty: required('请填写专业，如“电气工程”', 50, '专业')
		}),
		v.forward(
			v.partialCheck(
				[['series'], ['level'], ['qualification']],
				(t) => qualificationsFor(t.series, t.level).includes(t.qualification),
				'资格名称与所选系列和级别不符，请从列表中重新选择'
			),
			['qualification']
		)
	);

const educationEntry = v.pipe(
	v.object({
		school: required('请填写学校名称', 60, '学校名称'),
		major: required('请填写所学专业', 60, '专业'),
		degree: picked(keys(DEGREES), '请选择学位，没有学位请选“无学位”'),
		from: month('入学时间'),
		to: month('毕业时间')
	}),
	v.forward(v.partialCheck([['from'], ['to']], inOrder, '毕业时间不能早于入学时间，请核对'), ['to'])
);

const workEntry = v.pipe(
	v.object({
		employer: required('请填写工作单位', 60, '工作单位'),
		post: required('请填写职务或岗位', 50, '职务或岗位'),
		from: month('开始时间'),
		to: v.union([v.literal(''), month('结束时间')], '结束时间格式应为“年-月”，至今请留空')
	}),
	v.forward(v.partialCheck([['from'], ['to']], inOrder, '结束时间不能早于开始时间，请核对'), ['to'])
);

const heldTitleEntry = v.pipe(
	v.object({
		series: picked(
			SERIES.map((s) => s.code),
			'请选择原证书的职称系列'
		),
		qualification: v.pipe(v.string(), v.trim(), v.nonEmpty('请选择原证书的资格名称')),
		certificateNo: required('请填写原证书编号', 50, '证书编号'),
		issuingAuthority: required('请填写发证机关', 60, '发证机关'),
		issuedOn: date('发证日期')
	}),
	v.forward(
		v.partialCheck(
			[['series'], ['qualification']],
			(t) => levelOfQualification(t.series, t.qualification) !== null,
			'资格名称与所选系列不符，请从列表中选择'
		),
		['qualification']
	)
);

const achievementEntry = v.object({
	type: picked(keys(ACHIEVEMENT_TYPES), '请选择成果类型'),
	title: required('请填写成果名称（论文题目、项目或奖项名称）', 200, '成果名称'),
	date: month('取得时间'),
	detail: v.pipe(v.string(), v.trim(), v.maxLength(500, '说明不能超过 500 字，请精简'))
});

const attachmentEntry = v.object({
	...attachmentShape.entries,
	purpose: picked(keys(ATTACHMENT_PURPOSES), '请选择该文件是什么材料')
});

const attachmentsSchema = (kind: ProcedureKind) =>
	v.pipe(
		v.array(attachmentEntry),
		v.check(
			(list) => new Set(list.map((a) => a.id)).size === list.length,
			'有重复的附件，请删除重复的文件'
		),
		v.rawCheck(({ dataset, addIssue }) => {
			if (!dataset.typed) return;
			const missing = REQUIRED_ATTACHMENTS[kind].filter(
				(purpose) => !dataset.value.some((a) => a.purpose === purpose)
			);
			if (missing.length) {
				addIssue({ message: `请上传${missing.map((p) => ATTACHMENT_PURPOSES[p]).join('、')}` });
			}
		})
	);

const photoSchema = v.object(
	{
		...photoShape.entries,
		width: v.literal(PHOTO_SIZE.width, '证件照尺寸应为 413×579 像素，请重新裁剪'),
		height: v.literal(PHOTO_SIZE.height, '证件照尺寸应为 413×579 像素，请重新裁剪')
	},
	'请上传 2 寸证件照（白底或蓝底，413×579 像素）'
);

const listOf = <T extends v.GenericSchema>(item: T, min: number, message: string) =>
	v.pipe(v.array(item), v.minLength(min, message));

function sectionSchemas(kind: ProcedureKind) {
	return {
		personal: personalSchema,
		employment: employmentSchema,
		title: titleSchema(kind),
		educationHistory: listOf(educationEntry, 1, '请至少填写一段学习经历（从最高学历填起）'),
		workHistory: listOf(workEntry, 1, '请至少填写一段工作经历'),
		titlesHeld: TITLES_HELD_REQUIRED.includes(kind)
			? listOf(heldTitleEntry, 1, `${procedureLabels[kind]}须填写原职称证书的信息`)
			: v.array(heldTitleEntry),
		achievements: listOf(
			achievementEntry,
			1,
			'职称评审须至少填写一项业绩成果（论文、项目、获奖等）'
		),
		attachments: attachmentsSchema(kind),
		photo: photoSchema
	} satisfies Record<SectionId, v.GenericSchema>;
}

// ---------------------------------------------------------------- sections and API

const SECTION_TITLES = {
	personal: '个人信息',
	employment: '现工作单位',
	title: '申报职称',
	educationHistory: '学习经历',
	workHistory: '工作经历',
	titlesHeld: '已取得的职称',
	achievements: '业绩成果',
	attachments: '证明材料',
	photo: '2 寸证件照'
} as const;
export type SectionId = keyof typeof SECTION_TITLES;
export const SECTION_IDS = keys(SECTION_TITLES);

const TITLE_OVERRIDES: Record<ProcedureKind, Partial<Record<SectionId, string>>> = {
	evaluation: { title: '申报评审的职称' },
	recognition: { title: '申请认定的职称' },
	reconfirmation: { title: '申请重新确认的职称', titlesHeld: '原职称证书' },
	reissue: { title: '申请补办的职称', titlesHeld: '遗失的职称证书' }
};

/** The screens of a procedure's form, in order, with their Chinese titles. */
export function sections(kind: ProcedureKind): { id: SectionId; title: string }[] {
	return SECTION_IDS.filter((id) => id !== 'achievements' || kind === 'evaluation').map((id) => ({
		id,
		title: TITLE_OVERRIDES[kind][id] ?? SECTION_TITLES[id]
	}));
}

export function emptyDraft(
	kind: ProcedureKind,
	profile: { name?: string; idNumber?: string; mobile?: string } = {}
): ApplicationDraft {
	const id = parseIdNumber(profile.idNumber ?? '');
	return {
		formVersion: FORM_VERSION,
		kind,
		personal: {
			name: profile.name ?? '',
			sex: id.ok ? id.sex : '',
			idNumber: profile.idNumber ?? '',
			birthDate: id.ok ? id.birthDate : '',
			education: '',
			mobile: profile.mobile ?? ''
		},
		employment: { employerId: '', post: '', yearsInProfession: null },
		title: { series: '', level: '', qualification: '', specialty: '' },
		educationHistory: [],
		workHistory: [],
		titlesHeld: [],
		achievements: [],
		attachments: [],
		photo: null
	};
}

/** Errors of one screen; `{}` when the section is complete (or not part of this procedure). */
export function validateSection(draft: ApplicationDraft, sectionId: SectionId): FieldErrors {
	if (!sections(draft.kind).some((s) => s.id === sectionId)) return {};
	const result = v.safeParse(
		sectionSchemas(draft.kind)[sectionId],
		draft[sectionId],
		SECTION_CONFIG
	);
	return result.success ? {} : toErrors(result.issues, sectionId);
}

/** Shape, then every section of the procedure; on success the trimmed, normalised draft. */
export function validateForSubmit(input: unknown): SubmitResult {
	const shape = parseDraftPayload(input);
	if (!shape.ok) return shape;
	const draft = shape.value;
	const schemas = sectionSchemas(draft.kind);
	const value: Record<string, unknown> = { ...draft };
	let errors: FieldErrors = {};
	for (const { id } of sections(draft.kind)) {
		const result = v.safeParse(schemas[id], draft[id], SECTION_CONFIG);
		if (result.success) value[id] = result.output;
		else errors = { ...errors, ...toErrors(result.issues, id) };
	}
	return Object.keys(errors).length
		? { ok: false, errors }
		: { ok: true, value: value as ApplicationDraft };
}

/** Every file a draft refers to (attachments and the photo): what sync must upload. */
export function fileRefs(
	draft: ApplicationDraft
): { id: string; size: number; mime: string; sha256: string }[] {
	return draft.photo ? [...draft.attachments, draft.photo] : [...draft.attachments];
}

import {
	ACHIEVEMENT_TYPES,
	ATTACHMENT_PURPOSES,
	DEGREES,
	EDUCATION_LEVELS,
	SEXES,
	sections,
	type SectionId
} from '#lib/domain/application-form.js';
import { seriesName } from '#lib/domain/catalogue.js';
import { maskIdNumber, maskMobile } from '#lib/domain/identity.js';
import type { ProcedureKind } from '#lib/domain/procedures.js';
import { levelLabels, type Level } from '#lib/domain/routing.js';

/**
 * The submitted form as reviewers and applicants read it: one block per section of the
 * procedure, in form order, with Chinese labels and option names. ID and mobile numbers are
 * masked (6 + 4, 3 + 4) — a reviewer matches a person, never copies the number.
 */
export interface Fact {
	label: string;
	value: string;
}

export interface SectionView {
	id: SectionId;
	title: string;
	facts: Fact[];
	/** List sections (education, work…): one group of facts per entry. */
	entries: Fact[][];
}

type Content = Record<string, unknown>;

const str = (v: unknown): string =>
	typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
const named = (table: Record<string, string>, v: unknown): string => table[str(v)] ?? str(v);
const obj = (v: unknown): Content => (v && typeof v === 'object' ? (v as Content) : {});
const list = (v: unknown): Content[] => (Array.isArray(v) ? v.map(obj) : []);
const facts = (pairs: [string, string][]): Fact[] =>
	pairs.map(([label, value]) => ({ label, value: value || '—' }));
const span = (from: unknown, to: unknown) => `${str(from) || '?'} 至 ${str(to) || '今'}`;

function sectionFacts(id: SectionId, content: Content, employerName: string | null) {
	const p = obj(content.personal);
	const e = obj(content.employment);
	const t = obj(content.title);
	switch (id) {
		case 'personal':
			return facts([
				['姓名', str(p.name)],
				['性别', named(SEXES, p.sex)],
				['身份证号', str(p.idNumber) ? maskIdNumber(str(p.idNumber), 'staff') : ''],
				['出生日期', str(p.birthDate)],
				['最高学历', named(EDUCATION_LEVELS, p.education)],
				['手机号码', str(p.mobile) ? maskMobile(str(p.mobile)) : '']
			]);
		case 'employment':
			return facts([
				['工作单位', employerName ?? ''],
				['岗位', str(e.post)],
				['从事本专业年限', e.yearsInProfession == null ? '' : `${str(e.yearsInProfession)} 年`]
			]);
		case 'title':
			return facts([
				['职称系列', seriesName(str(t.series))],
				['级别', levelLabels[str(t.level) as Level] ?? ''],
				['资格名称', str(t.qualification)],
				['专业', str(t.specialty)]
			]);
		case 'photo':
			return content.photo ? facts([['证件照', '见右侧材料']]) : facts([['证件照', '未上传']]);
		default:
			return [];
	}
}

function sectionEntries(id: SectionId, content: Content): Fact[][] {
	switch (id) {
		case 'educationHistory':
			return list(content.educationHistory).map((x) =>
				facts([
					['学校', str(x.school)],
					['专业', str(x.major)],
					['学位', named(DEGREES, x.degree)],
					['时间', span(x.from, x.to)]
				])
			);
		case 'workHistory':
			return list(content.workHistory).map((x) =>
				facts([
					['单位', str(x.employer)],
					['岗位', str(x.post)],
					['时间', span(x.from, x.to)]
				])
			);
		case 'titlesHeld':
			return list(content.titlesHeld).map((x) =>
				facts([
					['系列', seriesName(str(x.series))],
					['资格名称', str(x.qualification)],
					['证书编号', str(x.certificateNo)],
					['发证机关', str(x.issuingAuthority)],
					['发证日期', str(x.issuedOn)]
				])
			);
		case 'achievements':
			return list(content.achievements).map((x) =>
				facts([
					['类型', named(ACHIEVEMENT_TYPES, x.type)],
					['名称', str(x.title)],
					['时间', str(x.date)],
					['说明', str(x.detail)]
				])
			);
		case 'attachments':
			return list(content.attachments).map((x) =>
				facts([
					['材料', named(ATTACHMENT_PURPOSES, x.purpose)],
					['文件', str(x.name)]
				])
			);
		default:
			return [];
	}
}

export function contentView(
	kind: ProcedureKind,
	content: Content,
	employerName: string | null
): SectionView[] {
	return sections(kind).map(({ id, title }) => ({
		id,
		title,
		facts: sectionFacts(id, content, employerName),
		entries: sectionEntries(id, content)
	}));
}

export interface AttachmentRefView {
	id: string;
	name: string;
	mime: string;
	purpose: string;
	label: string;
}

/** Files the application refers to: its attachments, then the photo. */
export function attachmentRefs(content: Content): AttachmentRefView[] {
	const refs = list(content.attachments).map((x) => ({
		id: str(x.id),
		name: str(x.name),
		mime: str(x.mime),
		purpose: str(x.purpose),
		label: named(ATTACHMENT_PURPOSES, x.purpose) || '材料'
	}));
	const photo = obj(content.photo);
	if (str(photo.id))
		refs.push({
			id: str(photo.id),
			name: '证件照',
			mime: str(photo.mime),
			purpose: 'photo',
			label: '2 寸证件照'
		});
	return refs.filter((r) => r.id);
}

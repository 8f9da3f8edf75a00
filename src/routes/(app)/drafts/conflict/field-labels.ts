/** Chinese names and readable values for the paths `diffFields` reports on a draft. */
import {
	ACHIEVEMENT_TYPES,
	ATTACHMENT_PURPOSES,
	DEGREES,
	EDUCATION_LEVELS,
	SEXES,
	sections,
	type ApplicationDraft
} from '#lib/domain/application-form.js';
import { seriesName } from '#lib/domain/catalogue.js';
import { levelLabels, type Level } from '#lib/domain/routing.js';

const LEAVES: Record<string, string> = {
	'personal.name': '姓名',
	'personal.sex': '性别',
	'personal.idNumber': '身份证号',
	'personal.birthDate': '出生日期',
	'personal.education': '最高学历',
	'personal.mobile': '手机号码',
	'employment.employerId': '现工作单位',
	'employment.post': '现任职务或岗位',
	'employment.yearsInProfession': '从事本专业工作年限',
	'title.series': '职称系列',
	'title.level': '级别',
	'title.qualification': '资格名称',
	'title.specialty': '专业'
};

export function fieldLabel(path: string, draft: ApplicationDraft): string {
	return LEAVES[path] ?? sections(draft.kind).find((s) => s.id === path)?.title ?? path;
}

const pick = (map: Record<string, string>, v: unknown) => map[String(v)] ?? String(v ?? '');

/** One line per value; lists one line per entry. */
export function fieldValue(
	path: string,
	value: unknown,
	employers: Record<string, string> = {}
): string[] {
	if (value === null || value === undefined || value === '') return ['（空）'];
	switch (path) {
		case 'personal.sex':
			return [pick(SEXES, value)];
		case 'personal.education':
			return [pick(EDUCATION_LEVELS, value)];
		case 'employment.employerId':
			return [employers[String(value)] ?? '已选择的单位'];
		case 'title.series':
			return [seriesName(String(value))];
		case 'title.level':
			return [levelLabels[value as Level] ?? String(value)];
		case 'photo':
			return ['证件照（已选择）'];
	}
	if (Array.isArray(value)) {
		if (!value.length) return ['（无）'];
		return value.map((entry: Record<string, unknown>) => {
			if (path === 'attachments')
				return `${entry.name}（${pick(ATTACHMENT_PURPOSES, entry.purpose)}）`;
			return Object.entries(entry)
				.filter(([, v]) => v !== '' && v !== null)
				.map(([k, v]) =>
					k === 'degree'
						? pick(DEGREES, v)
						: k === 'type'
							? pick(ACHIEVEMENT_TYPES, v)
							: k === 'series'
								? seriesName(String(v))
								: String(v)
				)
				.join('，');
		});
	}
	return [String(value)];
}

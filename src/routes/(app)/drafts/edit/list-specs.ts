/** The repeatable sections of the form: fields per entry, and an empty entry to add. */
import {
	ACHIEVEMENT_TYPES,
	DEGREES,
	QUALIFICATIONS,
	type ApplicationDraft
} from '#lib/domain/application-form.js';
import { SERIES } from '#lib/domain/catalogue.js';
import type { ProcedureKind } from '#lib/domain/procedures.js';

export type ListKey = 'educationHistory' | 'workHistory' | 'titlesHeld' | 'achievements';
export interface FieldSpec {
	key: string;
	label: string;
	type: 'text' | 'month' | 'date' | 'select' | 'textarea';
	hint?: string;
	options?: (entry: Record<string, string>) => { value: string; label: string }[];
}
export interface ListSpec {
	key: ListKey;
	itemLabel: string;
	fields: FieldSpec[];
	blank: () => Record<string, string>;
}

const pairs = (o: Record<string, string>) =>
	Object.entries(o).map(([value, label]) => ({ value, label }));
const series = () => SERIES.map((s) => ({ value: s.code, label: s.name }));
const allQualifications = (entry: Record<string, string>) =>
	Object.values(QUALIFICATIONS[entry.series as keyof typeof QUALIFICATIONS] ?? {})
		.flat()
		.map((q) => ({ value: q, label: q }));

export function listSpecs(kind: ProcedureKind): Record<ListKey, ListSpec> {
	const heldLabel =
		kind === 'reissue' ? '遗失的证书' : kind === 'reconfirmation' ? '原证书' : '职称';
	return {
		educationHistory: {
			key: 'educationHistory',
			itemLabel: '学习经历',
			blank: () => ({ school: '', major: '', degree: '', from: '', to: '' }),
			fields: [
				{ key: 'school', label: '学校名称', type: 'text' },
				{ key: 'major', label: '所学专业', type: 'text' },
				{ key: 'degree', label: '学位', type: 'select', options: () => pairs(DEGREES) },
				{ key: 'from', label: '入学时间', type: 'month' },
				{ key: 'to', label: '毕业时间', type: 'month' }
			]
		},
		workHistory: {
			key: 'workHistory',
			itemLabel: '工作经历',
			blank: () => ({ employer: '', post: '', from: '', to: '' }),
			fields: [
				{ key: 'employer', label: '工作单位', type: 'text' },
				{ key: 'post', label: '职务或岗位', type: 'text' },
				{ key: 'from', label: '开始时间', type: 'month' },
				{ key: 'to', label: '结束时间', type: 'month', hint: '至今请留空' }
			]
		},
		titlesHeld: {
			key: 'titlesHeld',
			itemLabel: heldLabel,
			blank: () => ({
				series: '',
				qualification: '',
				certificateNo: '',
				issuingAuthority: '',
				issuedOn: ''
			}),
			fields: [
				{ key: 'series', label: '职称系列', type: 'select', options: series },
				{ key: 'qualification', label: '资格名称', type: 'select', options: allQualifications },
				{ key: 'certificateNo', label: '证书编号', type: 'text' },
				{ key: 'issuingAuthority', label: '发证机关', type: 'text' },
				{ key: 'issuedOn', label: '发证日期', type: 'date' }
			]
		},
		achievements: {
			key: 'achievements',
			itemLabel: '业绩成果',
			blank: () => ({ type: '', title: '', date: '', detail: '' }),
			fields: [
				{ key: 'type', label: '成果类型', type: 'select', options: () => pairs(ACHIEVEMENT_TYPES) },
				{ key: 'title', label: '成果名称', type: 'text', hint: '论文题目、项目或奖项名称' },
				{ key: 'date', label: '取得时间', type: 'month' },
				{ key: 'detail', label: '说明', type: 'textarea', hint: '期刊、本人排名等，可不填' }
			]
		}
	} satisfies Record<ListKey, ListSpec> as Record<keyof Pick<ApplicationDraft, ListKey>, ListSpec>;
}

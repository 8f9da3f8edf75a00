/**
 * Fixed reference lists of the Liuzhou platform: tiers (the city or one of its ten
 * counties/districts), title series, organisation types. Codes are stable ASCII used in the
 * database; names are what people see.
 */
export const COUNTIES = [
	{ code: 'chengzhong', name: '城中区' },
	{ code: 'yufeng', name: '鱼峰区' },
	{ code: 'liunan', name: '柳南区' },
	{ code: 'liubei', name: '柳北区' },
	{ code: 'liujiang', name: '柳江区' },
	{ code: 'liucheng', name: '柳城县' },
	{ code: 'luzhai', name: '鹿寨县' },
	{ code: 'rongan', name: '融安县' },
	{ code: 'rongshui', name: '融水苗族自治县' },
	{ code: 'sanjiang', name: '三江侗族自治县' }
] as const;

export type CountyCode = (typeof COUNTIES)[number]['code'];
export type Tier = 'city' | CountyCode;

export const TIERS: readonly { code: Tier; name: string }[] = [
	{ code: 'city', name: '市直' },
	...COUNTIES
];

export function isTier(value: string): value is Tier {
	return TIERS.some((t) => t.code === value);
}

export function tierName(code: string | null | undefined): string {
	return TIERS.find((t) => t.code === code)?.name ?? '—';
}

export const SERIES = [
	{ code: 'engineering', name: '工程' },
	{ code: 'health', name: '卫生' },
	{ code: 'teacher', name: '中小学教师' },
	{ code: 'economics', name: '经济' },
	{ code: 'accounting', name: '会计' },
	{ code: 'agriculture', name: '农业' }
] as const;

export type SeriesCode = (typeof SERIES)[number]['code'];

export function isSeries(value: string): value is SeriesCode {
	return SERIES.some((s) => s.code === value);
}

export function seriesName(code: string | null | undefined): string {
	return SERIES.find((s) => s.code === code)?.name ?? '—';
}

export const ORG_TYPES = [
	{ code: 'employer', name: '用人单位' },
	{ code: 'supervisor', name: '主管部门' },
	{ code: 'seriesOffice', name: '系列职改办' },
	{ code: 'countyOffice', name: '县（区）职改办' },
	{ code: 'cityOffice', name: '市职改办' },
	{ code: 'committee', name: '评委会' }
] as const;

export type OrgTypeCode = (typeof ORG_TYPES)[number]['code'];

export function orgTypeName(code: string): string {
	return ORG_TYPES.find((t) => t.code === code)?.name ?? code;
}

export const ORG_STATUS_NAMES = {
	pending: '待审核',
	active: '已启用',
	rejected: '未通过'
} as const;

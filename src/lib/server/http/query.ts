import { error } from '@sveltejs/kit';

/**
 * A page number or other positive whole number from a query string: `fallback` when absent,
 * a 400 with a Chinese message when present but not such a number (1e309, -1, 0x10, …).
 */
export function positiveInt(
	raw: string | null,
	fallback: number,
	max = Number.MAX_SAFE_INTEGER
): number {
	if (raw === null || raw === '') return fallback;
	const n = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
	if (!(n >= 1 && n <= max))
		error(400, { message: '页码或序号须为正整数，请返回上一页重试。', code: 'BAD_REQUEST' });
	return n;
}

import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './date-format.js';
import { chinaDateTime, chineseDate } from '../components/approval/format.js';
import { chineseDate as noticeDate } from './notice-period.js';
import { formatChinaDate, formatChinaTime } from './verification.js';

describe('one date style', () => {
	it('prints a calendar day as 2026年12月3日, without leading zeros', () => {
		expect(formatDate('2026-12-03')).toBe('2026年12月3日');
		expect(formatDate('2026-01-10')).toBe('2026年1月10日');
	});

	it('prints an instant in China time, whatever the zone of the machine', () => {
		// 16:30 UTC on 2 December is already 3 December in China
		expect(formatDate(new Date('2026-12-02T16:30:00Z'))).toBe('2026年12月3日');
		expect(formatDateTime('2026-12-03T06:05:09Z')).toBe('2026年12月3日 14:05');
		expect(formatDateTime(new Date('2026-12-03T06:05:09Z'), { seconds: true })).toBe(
			'2026年12月3日 14:05:09'
		);
		expect(formatDateTime(new Date('2026-12-02T16:00:00Z'))).toBe('2026年12月3日 00:00');
	});

	it('prints a dash for nothing and for a value that is no date', () => {
		for (const v of [null, undefined, '', 'garbage'])
			expect([formatDate(v), formatDateTime(v)]).toEqual(['—', '—']);
	});

	it('is the style of every older helper too (no "2026/12/03" left)', () => {
		const at = new Date('2026-12-03T06:05:00Z');
		expect(chinaDateTime(at)).toBe('2026年12月3日 14:05');
		expect(formatChinaTime(at)).toBe('2026年12月3日 14:05:00');
		for (const f of [chineseDate, noticeDate, formatChinaDate])
			expect(f('2026-12-03')).toBe('2026年12月3日');
	});
});

/** Dates and times as people in China read them: the one style of #lib/domain/date-format. */
import { formatDate, formatDateTime } from '../../domain/date-format.js';

/** An instant → 2026年3月2日 14:05 (China time). */
export function chinaDateTime(value: Date | string): string {
	return formatDateTime(value);
}

/** 2026-03-02 → 2026年3月2日 */
export function chineseDate(value: string | null | undefined): string {
	return formatDate(value);
}

/**
 * The one date style of the UI, the PDFs and the messages: `2026年12月3日`, and with a time
 * `2026年12月3日 14:05` — in China time (UTC+8, no daylight saving) whatever the device's zone.
 * Calendar days (`YYYY-MM-DD`) are printed as they are; instants are first turned into China time.
 * Pages wrap these in `<time>`, which the global style keeps on one line.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CHINA_OFFSET_MS = 8 * 3600_000;

type DateInput = Date | string | number | null | undefined;

function chinaParts(value: Exclude<DateInput, null | undefined>) {
	const at = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(at.getTime())) return undefined;
	const c = new Date(at.getTime() + CHINA_OFFSET_MS);
	return {
		y: c.getUTCFullYear(),
		m: c.getUTCMonth() + 1,
		d: c.getUTCDate(),
		hh: String(c.getUTCHours()).padStart(2, '0'),
		mm: String(c.getUTCMinutes()).padStart(2, '0'),
		ss: String(c.getUTCSeconds()).padStart(2, '0')
	};
}

/** `2026-12-03` (or an instant) → `2026年12月3日`; nothing or an invalid value → `—`. */
export function formatDate(value: DateInput): string {
	if (value === null || value === undefined || value === '') return '—';
	const day = typeof value === 'string' ? ISO_DAY.exec(value) : null;
	if (day) return `${day[1]}年${Number(day[2])}月${Number(day[3])}日`;
	const p = chinaParts(value);
	return p ? `${p.y}年${p.m}月${p.d}日` : '—';
}

/** An instant → `2026年12月3日 14:05` (`14:05:09` with `seconds`), China time. */
export function formatDateTime(value: DateInput, o: { seconds?: boolean } = {}): string {
	if (value === null || value === undefined || value === '') return '—';
	const p = chinaParts(value);
	if (!p) return '—';
	return `${p.y}年${p.m}月${p.d}日 ${p.hh}:${p.mm}${o.seconds ? `:${p.ss}` : ''}`;
}

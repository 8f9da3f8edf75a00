/** Dates and times as people in China read them, whatever the device's time zone. */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});

export function chinaDateTime(value: Date | string): string {
	return dateTime.format(new Date(value));
}

/** 2026-03-02 → 2026年3月2日 */
export function chineseDate(value: string | null | undefined): string {
	const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '—';
}

/**
 * Where a notice (公示) stands on a given day. Stored status is 'running' until withdrawn;
 * completion is the passing of `completesOn` (the last day of the period), so "running" is
 * always computed from the date. Pure: used by the notices board and by the paper-certificate
 * look-up alike.
 */
export type NoticeState = 'running' | 'completed' | 'withdrawn';

export function noticeState(
	n: { status: string; completesOn: string },
	applicationState: string,
	today: string
): NoticeState {
	if (n.status === 'withdrawn') return 'withdrawn';
	if (today <= n.completesOn) return applicationState === 'withdrawn' ? 'withdrawn' : 'running';
	return 'completed';
}

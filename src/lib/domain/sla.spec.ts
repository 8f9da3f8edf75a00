import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOfficialCalendar } from './calendar.js';
import { officialSchedules } from './holidays-data.js';
import { STATES, isTerminal } from './procedures.js';
import { overdueBefore, SLA_STATES, slaLabel, slaLimit, slaStatus, waitingDays } from './sla.js';
import { fromDayNumber, mondayToFriday } from './working-days.js';

const official = createOfficialCalendar(officialSchedules);

describe('service levels of the approval chains', () => {
	it('every review step has 5 working days, the committee 10, terminal states none', () => {
		for (const s of [
			'awaitingEmployer',
			'awaitingSupervisor',
			'awaitingSeriesOffice',
			'awaitingTierOffice'
		])
			expect(slaLimit(s)).toBe(5);
		expect(slaLimit('awaitingCommittee')).toBe(10);
		expect(slaLimit('awaitingPaperMailing')).toBe(10);
		for (const s of STATES.filter(isTerminal)) expect(slaLimit(s)).toBeNull();
		expect(slaLimit('publicity')).toBeNull();
		expect(SLA_STATES.every((s) => STATES.includes(s))).toBe(true);
	});

	it('a Monday arrival is due the next Monday and overdue on the Tuesday', () => {
		const monday = '2026-03-02';
		expect(waitingDays(mondayToFriday, monday, monday)).toBe(0);
		const due = slaStatus('awaitingEmployer', waitingDays(mondayToFriday, monday, '2026-03-09'));
		expect(due.level).toBe('dueToday');
		expect(slaLabel(due)).toBe('今日到期');
		const late = slaStatus('awaitingEmployer', waitingDays(mondayToFriday, monday, '2026-03-10'));
		expect(late).toMatchObject({ level: 'overdue', remaining: -1 });
		expect(slaLabel(late)).toBe('已逾期 1 个工作日');
		expect(slaLabel(slaStatus('awaitingEmployer', 2))).toBe('剩 3 个工作日');
		expect(slaStatus('publicity', 40).level).toBe('none');
	});

	it('holidays do not count: a step entered before the Spring Festival is not overdue after it', () => {
		// 2026-02-13 (Fri); 02-14 is a make-up working day, 02-15..02-23 the holiday.
		expect(waitingDays(official, '2026-02-13', '2026-02-24')).toBe(2);
		expect(
			slaStatus('awaitingEmployer', waitingDays(official, '2026-02-13', '2026-02-24')).level
		).toBe('ok');
	});

	it('overdueBefore splits arrival dates exactly where the status turns overdue', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 20_000, max: 21_000 }),
				fc.integer({ min: 0, max: 30 }),
				fc.constantFrom(5, 10),
				(todayN, back, limit) => {
					const today = fromDayNumber(todayN);
					const entered = fromDayNumber(todayN - back);
					const cutoff = overdueBefore(official, today, limit);
					const overdue = waitingDays(official, entered, today) > limit;
					expect(entered < cutoff).toBe(overdue);
				}
			),
			{ numRuns: 500 }
		);
	});
});

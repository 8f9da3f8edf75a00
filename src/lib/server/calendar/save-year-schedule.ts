import { AppError } from '#lib/domain/errors.js';
import { createOfficialCalendar, type YearSchedule } from '#lib/domain/calendar.js';
import type { Actor } from '#lib/domain/policy.js';
import { recordAudit } from '../audit/record.js';
import { authorize } from '../auth/actor.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { calendarYears } from '../db/schema/index.js';
import { calendarChanged } from './calendar-changed.js';
import { currentSchedules, loadSchedules, refreshCalendar } from './schedules.js';

export interface YearInput {
	year: number;
	status: 'confirmed' | 'provisional';
	/** Free text: dates separated by commas, spaces or new lines; ranges a~b allowed. */
	holidays: string;
	workdays: string;
	source: string;
}

const MIN_YEAR = 2004;
const MAX_YEAR = 2100;

/** The pure module's reasons (RangeError) in words the city office acts on. */
export function rangeErrorMessage(e: RangeError): string {
	const m = e.message;
	let r: RegExpExecArray | null;
	if ((r = /^Not a YYYY-MM-DD date: (.*)$/.exec(m)))
		return `“${r[1]}”不是日期，请按 2027-01-01 的格式填写`;
	if ((r = /^Not a calendar date: (.*)$/.exec(m))) return `${r[1]} 不是存在的日期，请核对`;
	if ((r = /^(.*) is not in (\d+)$/.exec(m)))
		return `${r[1]} 不在 ${r[2]} 年内，请放到该年的安排中`;
	if ((r = /^(.*) is both a holiday and a workday$/.exec(m)))
		return `${r[1]} 同时填为放假日和调休上班日，请删去其中一个`;
	if ((r = /^Make-up working day (.*) is not a Saturday or Sunday$/.exec(m)))
		return `调休上班日 ${r[1]} 不是周六或周日，请核对国务院通知`;
	if ((r = /^Two schedules for (\d+)$/.exec(m))) return `${r[1]} 年的安排重复`;
	return '日期安排有误，请核对后重试';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Dates from the form: "2027-01-01", "1-1", "2027-02-05~2027-02-12" (inclusive), any separator. */
export function parseDates(text: string, year: number): string[] {
	const out = new Set<string>();
	const norm = (token: string): string => {
		const t = token
			.trim()
			.replace(/[./年月]/g, '-')
			.replace(/日$/, '');
		const full = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
		if (full) return `${full[1]}-${pad(Number(full[2]))}-${pad(Number(full[3]))}`;
		const short = /^(\d{1,2})-(\d{1,2})$/.exec(t);
		if (short) return `${year}-${pad(Number(short[1]))}-${pad(Number(short[2]))}`;
		return t; // the pure module names it as "not a date"
	};
	for (const token of text.split(/[\s,，、;；]+/).filter(Boolean)) {
		const [a, b] = token.split(/[~～至]/);
		if (b === undefined) {
			out.add(norm(a));
			continue;
		}
		const [from, to] = [norm(a), norm(b)];
		const start = Date.parse(`${from}T00:00:00Z`);
		const end = Date.parse(`${to}T00:00:00Z`);
		if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > 40 * 86_400_000)
			throw new AppError(
				'VALIDATION',
				{},
				`日期范围“${token}”有误，请写成 开始~结束（不超过 40 天）`
			);
		for (let d = start; d <= end; d += 86_400_000) out.add(new Date(d).toISOString().slice(0, 10));
	}
	return [...out].sort();
}

/**
 * The city office enters or corrects one year's official schedule. Everything is checked by the
 * pure calendar module together with the other years; running notices get their end recomputed
 * in the same transaction, and the cache is refreshed after commit.
 */
export async function saveYearSchedule(actor: Actor, input: YearInput): Promise<YearSchedule> {
	await authorize(actor, 'calendar.manage', { type: 'platform' });
	if (!Number.isInteger(input.year) || input.year < MIN_YEAR || input.year > MAX_YEAR)
		throw new AppError('VALIDATION', { year: `年份应在 ${MIN_YEAR}–${MAX_YEAR} 之间` });
	if (input.status !== 'confirmed' && input.status !== 'provisional')
		throw new AppError('VALIDATION', { status: '请选择状态' });
	const fields: Record<string, string> = {};
	const parse = (name: 'holidays' | 'workdays') => {
		try {
			return parseDates(input[name], input.year);
		} catch (e) {
			if (e instanceof AppError) fields[name] = e.message;
			else throw e;
			return [];
		}
	};
	const schedule: YearSchedule = {
		year: input.year,
		status: input.status,
		holidays: parse('holidays'),
		workdays: parse('workdays'),
		source: input.source.trim().slice(0, 200) || undefined
	};
	if (Object.keys(fields).length) throw new AppError('VALIDATION', fields);
	if (schedule.status === 'confirmed' && schedule.holidays.length === 0)
		throw new AppError('VALIDATION', { holidays: '确认前请填写该年的放假日期' });
	const others = (await currentSchedules()).filter((s) => s.year !== input.year);
	try {
		createOfficialCalendar([...others, schedule]);
	} catch (e) {
		if (!(e instanceof RangeError)) throw e;
		const message = rangeErrorMessage(e);
		const field = /调休/.test(message) ? 'workdays' : 'holidays';
		throw new AppError('VALIDATION', { [field]: message }, message);
	}
	await db().transaction(async (tx) => {
		const values = {
			status: schedule.status,
			holidays: schedule.holidays,
			workdays: schedule.workdays,
			source: schedule.source ?? null,
			updatedBy: actor.userId,
			updatedAt: now()
		};
		await tx
			.insert(calendarYears)
			.values({ year: schedule.year, ...values })
			.onConflictDoUpdate({ target: calendarYears.year, set: values });
		const calendar = createOfficialCalendar(await loadSchedules(tx));
		const effects = await calendarChanged(tx, calendar);
		await recordAudit(tx, {
			actorUserId: actor.userId,
			actorOrgId: actor.kind === 'staff' ? actor.orgId : null,
			action: 'calendar.save',
			objectType: 'calendarYear',
			objectId: String(schedule.year),
			result: 'ok',
			detail: {
				status: schedule.status,
				holidays: schedule.holidays.length,
				workdays: schedule.workdays.length,
				...effects
			}
		});
	});
	await refreshCalendar();
	return schedule;
}

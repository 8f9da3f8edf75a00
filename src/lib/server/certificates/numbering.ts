/**
 * 证书编号 and 管理号 (README "Certificate numbers"):
 *
 *   certificateNo  4502 YYYY L S NNNNNN   e.g. 4502 2026 2 1 000123
 *                  4502 = 柳州市, YYYY = year of issue, L = level (1 初级, 2 中级),
 *                  S = series (1-based position in catalogue SERIES, 0 unknown),
 *                  NNNNNN = next value of the PostgreSQL sequence certificate_no_seq
 *   managementNo   OOOOOO YYYY NNNNNN     e.g. 450206 2026 000045
 *                  OOOOOO = issuing office's administrative division code (450200 city office,
 *                  4502xx county/district office), NNNNNN = management_no_seq
 *
 * Both serials come from sequences, which are never rolled back: two concurrent issuances never
 * get the same number, and a failed or crashed issuance leaves a gap instead of a reuse. The
 * serial is global (it does not restart each year), so the number stays unique even though year,
 * level and series are only informative. Past 999 999 the serial simply grows a digit.
 * Numbers are digits only, which the QR token packs into 7 bytes each.
 */
import { sql } from 'drizzle-orm';
import { SERIES } from '../../domain/catalogue.js';
import type { Tx } from '../db/index.js';

export const CITY_CODE = '450200';

/** GB/T 2260 codes of Liuzhou's districts and counties, keyed by the catalogue's county code. */
export const DIVISION_CODES: Record<string, string> = {
	city: CITY_CODE,
	chengzhong: '450202',
	yufeng: '450203',
	liunan: '450204',
	liubei: '450205',
	liujiang: '450206',
	liucheng: '450222',
	luzhai: '450223',
	rongan: '450224',
	rongshui: '450225',
	sanjiang: '450226'
};

/** The issuing office's code: 450200 for the city office, the division code for a county office. */
export function issuerCodeOf(org: { type: string; tier: string | null }): string {
	if (org.type === 'cityOffice') return CITY_CODE;
	return DIVISION_CODES[org.tier ?? ''] ?? CITY_CODE;
}

export function levelDigit(level: 'junior' | 'intermediate'): string {
	return level === 'junior' ? '1' : '2';
}

export function seriesDigit(series: string): string {
	const i = SERIES.findIndex((s) => s.code === series);
	return i < 0 || i > 8 ? '0' : String(i + 1);
}

export function formatCertificateNo(p: {
	year: string;
	level: 'junior' | 'intermediate';
	series: string;
	serial: number | bigint;
}): string {
	return `4502${p.year}${levelDigit(p.level)}${seriesDigit(p.series)}${String(p.serial).padStart(6, '0')}`;
}

export function formatManagementNo(p: {
	issuerCode: string;
	year: string;
	serial: number | bigint;
}): string {
	return `${p.issuerCode}${p.year}${String(p.serial).padStart(6, '0')}`;
}

/** Draws both serials (one round trip) and formats the two numbers. */
export async function nextNumbers(
	tx: Tx,
	p: { issuedOn: string; level: 'junior' | 'intermediate'; series: string; issuerCode: string }
): Promise<{ certificateNo: string; managementNo: string }> {
	const rows = (await tx.execute(
		sql`select nextval('certificate_no_seq')::text as c, nextval('management_no_seq')::text as m`
	)) as unknown as { rows?: { c: string; m: string }[] } & { c: string; m: string }[];
	const row = rows.rows?.[0] ?? rows[0];
	const year = p.issuedOn.slice(0, 4);
	return {
		certificateNo: formatCertificateNo({
			year,
			level: p.level,
			series: p.series,
			serial: BigInt(row.c)
		}),
		managementNo: formatManagementNo({ issuerCode: p.issuerCode, year, serial: BigInt(row.m) })
	};
}

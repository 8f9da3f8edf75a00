/**
 * The server's structured log: JSON lines on stdout (pino), one object per line, for the
 * platform's log collector. Never personal data: callers pass error *names*, counts and route
 * ids, never messages, bodies, query strings, ID or mobile numbers, tokens or client addresses.
 *
 * `LOG_LEVEL` (default `info`; `silent` turns it off) sets the threshold.
 */
import { pino } from 'pino';

export const logger = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { service: 'zhicheng' },
	// `time` as an ISO string: readable without tooling, sortable, still one field.
	timestamp: pino.stdTimeFunctions.isoTime,
	formatters: { level: (label) => ({ level: label }) },
	// Belt and braces: should a caller ever pass one of these, it is not written.
	redact: {
		paths: [
			'password',
			'idNumber',
			'mobile',
			'token',
			'cookie',
			'authorization',
			'*.password',
			'*.idNumber',
			'*.mobile',
			'*.token',
			'*.cookie',
			'*.authorization'
		],
		censor: '[redacted]'
	}
});

/** The name of a thrown value, safe to log (an Error's message may carry personal data). */
export function errorName(e: unknown): string {
	return e instanceof Error ? e.name : 'unknown';
}

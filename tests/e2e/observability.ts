/**
 * Helpers for the observability tests: a strict parser of the Prometheus text format (0.0.4),
 * and a sign-in for the request context.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './support.js';

export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(
	`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?,?\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|\\+Inf|-Inf|NaN))(?: -?[0-9]+)?$`
);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

/** Every line must be a HELP, TYPE or sample line; anything else fails the test. */
export function parseMetrics(text: string): Sample[] {
	const samples: Sample[] = [];
	const typed = new Map<string, string>();
	expect(text.endsWith('\n')).toBe(true);
	for (const line of text.slice(0, -1).split('\n')) {
		if (line === '') continue;
		if (HELP.test(line)) continue;
		const type = TYPE.exec(line);
		if (type) {
			expect(typed.has(type[1]), `one TYPE per family: ${type[1]}`).toBe(false);
			typed.set(type[1], type[2]);
			continue;
		}
		const m = SAMPLE.exec(line);
		expect(m, `not a Prometheus text line: ${line}`).not.toBeNull();
		const labels: Record<string, string> = {};
		for (const [, k, v] of (m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
			labels[k] = v.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
		const family = m![1].replace(/_(bucket|sum|count)$/, '');
		expect(typed.has(m![1]) || typed.has(family), `sample without TYPE: ${m![1]}`).toBe(true);
		samples.push({ name: m![1], labels, value: Number(m![3].replace('+Inf', 'Infinity')) });
	}
	return samples;
}

/** The sum of the samples of `name` whose labels include `labels` (0 when none). */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}) {
	return samples
		.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
		.reduce((sum, s) => sum + s.value, 0);
}

export async function signIn(request: APIRequestContext, base: string, identifier: string) {
	const res = await request.post(`${base}/login`, {
		form: { identifier, password: DEMO_PASSWORD },
		headers: { origin: base, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status(), `sign-in as ${identifier}`).toBe(303);
}

/**
 * Server areas (the folders of src/lib/server) depend on each other one way only: a cycle
 * between folders — applications → calendar → applications, or longer — fails here. When one
 * area must act on another's change, the lower one offers a registered handler
 * (calendar/calendar-changed.ts, wired in effects.ts) instead of importing the higher one.
 * Imports are read with a regex over the sources (static, dynamic and type-only alike).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = 'src/lib/server';

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return sources(path);
		return /\.(ts|js)$/.test(e.name) && !/\.spec\.ts$/.test(e.name) ? [path] : [];
	});
}

function folderOf(path: string): string | null {
	const parts = relative(ROOT, path).split(sep);
	return parts.length > 1 && parts[0] !== '..' ? parts[0] : null;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** folder → folders it imports from, with one example import each. */
export function folderGraph(): Map<string, Map<string, string>> {
	const graph = new Map<string, Map<string, string>>();
	for (const file of sources(ROOT)) {
		const from = folderOf(file);
		if (!from) continue;
		for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
			let target: string;
			if (spec.startsWith('#lib/') || spec.startsWith('$lib/'))
				target = join('src/lib', spec.slice(5));
			else if (spec.startsWith('.')) target = join(dirname(file), spec);
			else continue;
			const to = folderOf(target.endsWith('.js') ? target : `${target}/x`);
			if (!to || to === from) continue;
			const edges = graph.get(from) ?? new Map<string, string>();
			if (!edges.has(to)) edges.set(to, `${relative(ROOT, file)} → ${spec}`);
			graph.set(from, edges);
		}
	}
	return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function cycles(graph: Map<string, Map<string, string>>): string[][] {
	let index = 0;
	const order = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (v: string) => {
		order.set(v, index);
		low.set(v, index++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v)?.keys() ?? []) {
			if (!order.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
		}
		if (low.get(v) === order.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1) found.push(component.sort());
		}
	};
	for (const v of graph.keys()) if (!order.has(v)) visit(v);
	return found;
}

describe('server folders', () => {
	it('finds a cycle when there is one', () => {
		const graph = new Map([
			['a', new Map([['b', 'a/x.ts → ../b/y.js']])],
			['b', new Map([['c', '']])],
			['c', new Map([['a', '']])],
			['d', new Map([['a', '']])]
		]);
		expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
	});

	it('reads the real imports', () => {
		const graph = folderGraph();
		expect(graph.get('applications')?.has('db')).toBe(true);
		expect(graph.get('notices')?.has('calendar')).toBe(true);
	});

	it('depend on each other one way only', () => {
		const graph = folderGraph();
		const found = cycles(graph);
		const explain = found.map((component) =>
			component
				.flatMap((a) =>
					component.filter((b) => graph.get(a)?.has(b)).map((b) => graph.get(a)!.get(b)!)
				)
				.join('\n')
		);
		expect(explain).toEqual([]);
	});
});

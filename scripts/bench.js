// `npm run bench`: runs every bench/*.js (each exports `run()` returning rows) and prints one
// table. Performance goals live here, never in timed tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

if (!existsSync('build/handler.js')) {
	const r = spawnSync(
		process.execPath,
		['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
		{ stdio: 'inherit' }
	);
	if (r.status !== 0) process.exit(1);
}
const only = process.argv.slice(2);
const rows = [];
for (const file of readdirSync('bench')
	.filter((f) => f.endsWith('.js'))
	.sort()) {
	const name = file.replace(/\.js$/, '');
	if (only.length && !only.includes(name)) continue;
	process.stderr.write(`running ${name}…\n`);
	const mod = await import(path.resolve('bench', file));
	try {
		for (const row of await mod.run()) rows.push({ bench: name, ...row });
	} catch (e) {
		rows.push({
			bench: name,
			metric: 'FAILED',
			value: NaN,
			unit: '',
			goal: String(e instanceof Error ? e.message : e),
			ok: false
		});
	}
}
const fmt = (v) =>
	Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 3)) : '—';
const table = rows.map((r) => [
	r.bench,
	r.metric,
	`${fmt(r.value)} ${r.unit}`,
	r.goal ?? '',
	r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED'
]);
const head = ['bench', 'metric', 'value', 'goal', ''];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log(line(head));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of table) console.log(line(r));

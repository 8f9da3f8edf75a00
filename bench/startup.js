// Cold start to first 200 on an empty embedded database (migrations + demo seed included),
// and restart on the existing one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function firstOk(port, started, child) {
	for (;;) {
		if (child.exitCode !== null) throw new Error('server exited early');
		try {
			const r = await fetch(`http://127.0.0.1:${port}/login`);
			if (r.status === 200) return performance.now() - started;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function boot(dataDir, port) {
	const started = performance.now();
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: ''
		},
		stdio: 'ignore'
	});
	const ms = await firstOk(port, started, child);
	child.kill('SIGTERM');
	await new Promise((r) => child.once('exit', r));
	return ms;
}

export async function run() {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-bench-'));
	try {
		const cold = await boot(dir, 4391);
		const restarts = [];
		for (let i = 0; i < 3; i++) restarts.push(await boot(dir, 4391));
		restarts.sort((a, b) => a - b);
		return [
			{
				metric: 'cold start → first 200 (empty embedded DB, migrate + seed)',
				value: cold / 1000,
				unit: 's',
				goal: '≤ 5 s',
				ok: cold <= 5000
			},
			{
				metric: 'restart → first 200 (existing embedded DB, median of 3)',
				value: restarts[1] / 1000,
				unit: 's',
				goal: '≤ 1 s',
				ok: restarts[1] <= 1000
			}
		];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

// Reviewer queue with 1 000 000 applications on PostgreSQL, and transitions per second under
// 32 concurrent reviewers. The work happens in bench/queue-worker.ts (run with tsx, so it uses
// list-queue.ts and transitionApplication themselves, not a copy of their SQL); this reads its rows.
import { spawn } from 'node:child_process';
import postgres from 'postgres';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable() {
	const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 }).catch(() => {});
	}
}

export async function run() {
	if (!(await reachable()))
		return [
			{
				metric: 'queue benchmark NOT RUN',
				value: NaN,
				unit: '',
				goal: `no PostgreSQL at ${url} (set BENCH_DATABASE_URL)`,
				ok: false
			}
		];
	const child = spawn(
		process.execPath,
		['node_modules/tsx/dist/cli.mjs', 'bench/queue-worker.ts'],
		{
			env: { ...process.env, BENCH_DATABASE_URL: url },
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	const code = await new Promise((resolve) => child.once('exit', resolve));
	const last = out.trim().split('\n').pop() ?? '';
	if (code !== 0 || !last.startsWith('[')) throw new Error(`queue worker failed (exit ${code})`);
	return JSON.parse(last);
}

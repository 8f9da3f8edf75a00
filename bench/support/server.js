// A real server for benchmarks: `node scripts/serve.js` on a fresh embedded database, and a
// signed-in demo applicant (the real login form, with the Origin header Kit's CSRF check wants).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function startServer(port) {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-bench-'));
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: ''
		},
		stdio: process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore'
	});
	const origin = `http://127.0.0.1:${port}`;
	for (const started = Date.now(); ;) {
		if (child.exitCode !== null) throw new Error('server exited early');
		if (Date.now() - started > 60_000) throw new Error('server did not start in 60 s');
		try {
			if ((await fetch(`${origin}/login`)).status === 200) break;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin,
		async stop() {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** Signs in through POST /login and returns the session cookie header. */
export async function signIn(origin, identifier, password = 'Liuzhou@2026') {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ identifier, password })
	});
	const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
	if (response.status !== 303 || !cookies.length) {
		throw new Error(`sign-in failed: HTTP ${response.status}`);
	}
	return cookies.join('; ');
}

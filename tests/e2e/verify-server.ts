/**
 * A server of its own for the verification tests: an embedded database prepared with the
 * shared vectors' certificates (tests/vectors/prepare.ts) BEFORE the server opens it, then
 * `node scripts/serve.js` on it. The suite's default server (demo data) cannot hold them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResolvedVector } from '../vectors/certificates.js';

export interface Prepared {
	vectors: ResolvedVector[];
	idNumbers: string[];
	valid: { token: string; no: string; name: string }[];
	formToken: string;
}

export interface VerifyServer {
	origin: string;
	/** The `valid` vector's signed certificate PDF, when asked for (`certificatePdf`). */
	certificatePdf?: string;
	data: Prepared;
	vector(name: string): ResolvedVector;
	stop(): Promise<void>;
}

export async function startVerifyServer(
	port: number,
	env: Record<string, string> = {},
	opts: { certificatePdf?: boolean; onStdout?: (chunk: string) => void } = {}
) {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-verify-'));
	const out = path.join(dir, 'vectors.json');
	const origin = `http://127.0.0.1:${port}`;
	const certificatePdf = opts.certificatePdf ? path.join(dir, 'certificate.pdf') : undefined;
	const pdfEnv = certificatePdf
		? { PREPARE_CERTIFICATE_PDF: certificatePdf, PREPARE_ORIGIN: origin }
		: {};
	const prep = spawnSync(
		process.execPath,
		['node_modules/tsx/dist/cli.mjs', 'tests/vectors/prepare.ts', out],
		{ env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', ...pdfEnv }, encoding: 'utf8' }
	);
	if (prep.status !== 0) throw new Error(`prepare failed: ${prep.stderr}`);
	const data = JSON.parse(readFileSync(out, 'utf8')) as Prepared;
	const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			DATA_DIR: dir,
			DATABASE_URL: '',
			PORT: String(port),
			HOST: '127.0.0.1',
			JOBS_START_DELAY_MS: '100',
			...env
		},
		stdio: opts.onStdout ? ['ignore', 'pipe', 'ignore'] : 'ignore'
	});
	if (opts.onStdout) {
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', opts.onStdout);
	}
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error('verification server exited');
		try {
			if ((await fetch(`${origin}/api/v1/ping`)).ok) break;
		} catch {
			/* not yet */
		}
		if (i > 300) throw new Error('verification server did not start');
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin,
		certificatePdf,
		data,
		vector: (name: string) => data.vectors.find((v) => v.name === name)!,
		async stop() {
			child.kill('SIGTERM');
			await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
			rmSync(dir, { recursive: true, force: true });
		}
	} satisfies VerifyServer;
}

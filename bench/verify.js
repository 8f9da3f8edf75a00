// Certificate verification throughput and the scanner's timings.
//
// 1. `/api/v1/verify/<token>` against a bare SvelteKit route (`/api/v1/ping`) in the same run,
//    64 keep-alive connections (autocannon), on embedded PGlite and on PostgreSQL. Goals:
//    ≥ 40 % (PGlite) / ≥ 60 % (PostgreSQL) of the bare route's requests/s, p99 ≤ 2 × bare.
//    The database is prepared first with the shared vectors' certificates
//    (tests/vectors/prepare.ts); the verify requests cycle through its genuine tokens, so
//    every request is a full check: register lookup in memory + batched log entry.
// 2. In Chromium with a fake camera showing a real certificate's QR on /scan: decode time from
//    the camera (camera ready → decoded; goal ≤ 250 ms) and the offline verdict time after the
//    decode (goal ≤ 30 ms), from the performance.now() marks the page exposes (window.__zcScan).
// Loopback only; every load phase is bounded in time.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import QRCode from 'qrcode';

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_VERIFY_SECONDS ?? 10);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function prepare(env, dir) {
	const out = path.join(dir, 'vectors.json');
	const r = spawnSync(
		process.execPath,
		['node_modules/tsx/dist/cli.mjs', 'tests/vectors/prepare.ts', out],
		{ env: { ...process.env, ...env }, encoding: 'utf8' }
	);
	if (r.status !== 0) throw new Error(`prepare: ${r.stderr.slice(-500)}`);
	return JSON.parse(readFileSync(out, 'utf8'));
}

async function serve(env, port) {
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			JOBS_START_DELAY_MS: '100',
			...env
		},
		stdio: 'ignore'
	});
	const origin = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error('server exited early');
		try {
			if ((await fetch(`${origin}/api/v1/ping`)).ok) break;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin,
		async stop() {
			child.kill('SIGTERM');
			await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
		}
	};
}

function load(origin, paths, seconds) {
	return new Promise((resolve, reject) => {
		autocannon(
			{
				url: origin,
				connections: CONNECTIONS,
				duration: seconds,
				requests: paths.map((p) => ({ method: 'GET', path: p }))
			},
			(err, result) => (err ? reject(err) : resolve(result))
		);
	});
}

/** Warm-up, then bare and verify alternately (twice each); the better run of each counts. */
async function compare(origin, tokens) {
	const verifyPaths = tokens.map((t) => `/api/v1/verify/${t}`);
	await load(origin, ['/api/v1/ping'], 2);
	await load(origin, verifyPaths, 2);
	const runs = { bare: [], verify: [] };
	for (let i = 0; i < 2; i++) {
		runs.bare.push(await load(origin, ['/api/v1/ping'], SECONDS));
		runs.verify.push(await load(origin, verifyPaths, SECONDS));
	}
	const best = (rs) => rs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
	const bare = best(runs.bare);
	const verify = best(runs.verify);
	for (const r of [...runs.bare, ...runs.verify]) {
		if (r.errors || r.non2xx)
			throw new Error(`load run had ${r.errors} errors, ${r.non2xx} non-2xx`);
	}
	return {
		bareRps: bare.requests.average,
		verifyRps: verify.requests.average,
		bareP99: bare.latency.p99,
		verifyP99: verify.latency.p99
	};
}

function rows(db, r, goalShare) {
	const share = r.verifyRps / r.bareRps;
	return [
		{ metric: `${db}: bare route /api/v1/ping (64 conns)`, value: r.bareRps, unit: 'req/s' },
		{
			metric: `${db}: /api/v1/verify/<token> (64 conns)`,
			value: r.verifyRps,
			unit: 'req/s',
			goal: `≥ ${goalShare * 100} % of bare`,
			ok: share >= goalShare
		},
		{ metric: `${db}: verify ÷ bare throughput`, value: share * 100, unit: '%' },
		{ metric: `${db}: bare p99`, value: r.bareP99, unit: 'ms' },
		{
			metric: `${db}: verify p99`,
			value: r.verifyP99,
			unit: 'ms',
			goal: `≤ 2 × bare (${(2 * r.bareP99).toFixed(0)} ms)`,
			ok: r.verifyP99 <= 2 * Math.max(r.bareP99, 1)
		}
	];
}

async function onPglite() {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-bench-verify-'));
	try {
		const data = prepare({ DATA_DIR: dir, DATABASE_URL: '' }, dir);
		const server = await serve({ DATA_DIR: dir, DATABASE_URL: '' }, 4394);
		try {
			const result = await compare(
				server.origin,
				data.valid.map((c) => c.token)
			);
			const browser = await browserTimings(server.origin, data.valid[0].token, dir);
			return { rows: rows('PGlite', result, 0.4), browser };
		} finally {
			await server.stop();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function onPostgres() {
	const schema = `bench_verify_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
	const env = {
		DATABASE_URL: PG_URL,
		DATABASE_SCHEMA: schema,
		MASTER_KEY: randomBytes(32).toString('base64'),
		SEED_DEMO: 'true'
	};
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-bench-verify-pg-'));
	try {
		const data = prepare(env, dir);
		const server = await serve(env, 4395);
		try {
			return rows(
				'PostgreSQL',
				await compare(
					server.origin,
					data.valid.map((c) => c.token)
				),
				0.6
			);
		} finally {
			await server.stop();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
		const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop schema if exists "${schema}" cascade`);
		await admin.end();
	}
}

function chromiumPath() {
	return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
		(p) => p && existsSync(p)
	);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Five camera scans of a real certificate on /scan; medians of the page's own marks. */
async function browserTimings(origin, token, dir) {
	const { chromium } = await import('@playwright/test');
	const png = path.join(dir, 'qr.png');
	await QRCode.toFile(png, `${origin}/v/${token}`, {
		errorCorrectionLevel: 'M',
		margin: 4,
		width: 300
	});
	const y4m = path.join(dir, 'qr.y4m');
	const ff = spawnSync('ffmpeg', [
		...['-y', '-loglevel', 'error', '-loop', '1', '-i', png, '-t', '3', '-r', '15'],
		...[
			'-vf',
			'scale=300:300,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white',
			'-pix_fmt',
			'yuv420p',
			y4m
		]
	]);
	if (ff.status !== 0) throw new Error('ffmpeg failed');
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: [
			...['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${y4m}`
		]
	});
	try {
		const page = await browser.newPage();
		await page.goto(`${origin}/scan`);
		await page.waitForSelector(
			'[data-testid="offline-status"][data-ready="true"][data-decoder-ready="true"]'
		);
		const decode = [];
		const offline = [];
		for (let i = 0; i < 5; i++) {
			await page.click(i === 0 ? '[data-testid="start-camera"]' : '[data-testid="scan-again"]');
			await page.waitForSelector(
				'[data-testid="verdict"][data-verdict="valid"][data-mode="online"]'
			);
			const m = await page.evaluate(() => ({ ...window.__zcScan }));
			decode.push(m.decodedAt - m.cameraReadyAt);
			offline.push(m.offlineVerdictAt - m.decodedAt);
		}
		return { decode: median(decode), offline: median(offline) };
	} finally {
		await browser.close();
	}
}

export async function run() {
	const pglite = await onPglite();
	const pg = await onPostgres();
	return [
		...pglite.rows,
		...pg,
		{
			metric: 'scanner: decode from the fake camera (camera ready → decoded, median of 5)',
			value: pglite.browser.decode,
			unit: 'ms',
			goal: '≤ 250 ms',
			ok: pglite.browser.decode <= 250
		},
		{
			metric: 'scanner: offline verdict after decode (signature + status list, median of 5)',
			value: pglite.browser.offline,
			unit: 'ms',
			goal: '≤ 30 ms',
			ok: pglite.browser.offline <= 30
		}
	];
}

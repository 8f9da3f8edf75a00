// The live scanner on a PHONE viewport (390×844) reading photographs of a printed certificate:
// the degraded frames of tests/e2e/degraded-frames.ts (rotation, blur, JPEG, perspective,
// glare, uneven light, low contrast, noise, a small code, 720p and 1080p), each played by
// Chromium's fake camera on /scan. Goals: every frame decoded, median ≤ 500 ms from camera
// ready to decoded. Wall time is from the page's own marks (window.__zcScan); CPU time is the
// renderer process's (CDP Performance.getMetrics ProcessTime) over the same scan — the machine
// is shared, so CPU time is what an idle core would have needed. Also the certificate QR's
// size: modules per side before (byte mode, level M) and after (alphanumeric + numeric, Q).
// Runs in its own process (`tsx bench/scan-worker.ts`), which imports the test helpers.
import { spawnSync } from 'node:child_process';

export async function run() {
	const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bench/scan-worker.ts'], {
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: '' },
		maxBuffer: 1 << 22
	});
	if (r.status !== 0) throw new Error(`scan worker failed: ${r.stderr.slice(-600)}`);
	return JSON.parse(r.stdout.trim().split('\n').pop());
}

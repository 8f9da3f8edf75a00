/** See bench/scan.js. Prints one JSON line: the rows. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { qrVerifyUrl } from '../src/lib/domain/certificate-token.js';
import { qrModules } from '../src/lib/server/certificates/qr.js';
import { SAMPLE_ORIGIN } from '../src/lib/server/certificates/sample.js';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browser.js';
import { DEGRADED_FRAMES, makeFrame, renderPage } from '../tests/e2e/degraded-frames.js';
import { PHONE } from '../tests/e2e/phone.js';
import { startVerifyServer } from '../tests/e2e/verify-server.js';

const PORT = Number(process.env.BENCH_SCAN_PORT ?? 4397);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Row {
	metric: string;
	value: number;
	unit: string;
	goal?: string;
	ok?: boolean;
}

const server = await startVerifyServer(PORT, {}, { certificatePdf: true });
const dir = mkdtempSync(path.join(tmpdir(), 'zc-bench-scan-'));
const rows: Row[] = [];
try {
	const token = server.vector('valid').token;
	for (const [label, origin] of [
		['this server', server.origin],
		['sample origin', SAMPLE_ORIGIN]
	]) {
		const before = qrModules(`${origin}/v/${token}`, 'M');
		const after = qrModules(qrVerifyUrl(origin, token), 'Q');
		const sameLevel = qrModules(`${origin}/v/${token}`, 'Q');
		rows.push({
			metric: `QR modules per side, before: byte mode, level M (${label})`,
			value: before.modules.size,
			unit: 'modules',
			goal: `version ${before.version}; the old URL at Q: ${sameLevel.modules.size}`
		});
		rows.push({
			metric: `QR modules per side, after: alphanumeric + numeric, level Q (${label})`,
			value: after.modules.size,
			unit: 'modules',
			goal: `version ${after.version}; at M it would be ${qrModules(qrVerifyUrl(origin, token), 'M').modules.size}`,
			ok: after.modules.size < sameLevel.modules.size
		});
	}

	const page = renderPage(server.certificatePdf!, dir);
	const results: { name: string; ok: boolean; wallMs: number; cpuMs: number }[] = [];
	for (const frame of DEGRADED_FRAMES) {
		const { y4m } = await makeFrame(page, frame, dir);
		const browser = await chromium.launch({
			executablePath: chromiumPath(),
			args: [
				...chromiumArgs,
				'--use-fake-ui-for-media-stream',
				'--use-fake-device-for-media-stream',
				`--use-file-for-fake-video-capture=${y4m}`
			]
		});
		try {
			const context = await browser.newContext({
				...PHONE,
				baseURL: server.origin,
				permissions: ['camera']
			});
			const tab = await context.newPage();
			const cdp = await context.newCDPSession(tab);
			await cdp.send('Performance.enable');
			const processTime = async () =>
				(await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ProcessTime')!
					.value;
			await tab.goto('/scan');
			await tab.waitForSelector(
				'[data-testid="offline-status"][data-ready="true"][data-decoder-ready="true"]'
			);
			const cpu0 = await processTime();
			await tab.click('[data-testid="start-camera"]');
			const ok = await tab
				.waitForSelector('[data-testid="verdict"][data-verdict="valid"]', { timeout: 15_000 })
				.then(
					() => true,
					() => false
				);
			const cpuMs = ((await processTime()) - cpu0) * 1000;
			const m = await tab.evaluate(
				() => (window as unknown as { __zcScan: Record<string, number> }).__zcScan
			);
			results.push({
				name: frame.name,
				ok,
				wallMs: ok ? m.decodedAt - m.cameraReadyAt : NaN,
				cpuMs
			});
			process.stderr.write(
				`  ${frame.name}: ${ok ? `${(m.decodedAt - m.cameraReadyAt).toFixed(0)} ms` : 'NOT READ'}, renderer CPU ${cpuMs.toFixed(0)} ms\n`
			);
		} finally {
			await browser.close();
		}
	}
	const read = results.filter((r) => r.ok);
	rows.push({
		metric: `phone 390×844: degraded frames decoded (${read.length}/${results.length})`,
		value: (read.length / results.length) * 100,
		unit: '%',
		goal: '100 %',
		ok: read.length === results.length
	});
	const wall = median(read.map((r) => r.wallMs));
	rows.push({
		metric: 'phone 390×844: camera ready → decoded, median over the frames',
		value: wall,
		unit: 'ms',
		goal: `≤ 500 ms (slowest ${Math.max(...read.map((r) => r.wallMs)).toFixed(0)} ms)`,
		ok: wall <= 500
	});
	rows.push({
		metric: 'phone 390×844: renderer CPU, camera start → verdict, median',
		value: median(results.map((r) => r.cpuMs)),
		unit: 'ms',
		goal: `max ${Math.max(...results.map((r) => r.cpuMs)).toFixed(0)} ms`
	});
} finally {
	await server.stop();
	rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(rows));

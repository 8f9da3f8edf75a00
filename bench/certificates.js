// Electronic certificates: one certificate warm and cold, RSS over 10 000 renders, and a
// 1 000-certificate batch (extrapolated to 10 000). Each measurement runs in its own process
// (`tsx bench/certificates-worker.ts <mode>`), so a cold start is really cold.
//
// The machine is shared: wall-clock times are reported next to CPU time per certificate (the
// process is single-threaded, so CPU time is what an idle core would take). Goals are judged on
// CPU time where wall time is inflated by other load.
import { spawnSync } from 'node:child_process';

function worker(args, extraNodeOptions = '') {
	const r = spawnSync('npx', ['tsx', 'bench/certificates-worker.ts', ...args], {
		encoding: 'utf8',
		env: {
			...process.env,
			DATABASE_URL: '',
			NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${extraNodeOptions}`.trim()
		},
		maxBuffer: 1 << 20
	});
	if (r.status !== 0) throw new Error(`worker ${args.join(' ')} failed: ${r.stderr.slice(-400)}`);
	return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function run() {
	const rows = [];
	const N = Number(process.env.CERT_BENCH_RSS_N ?? 10_000);
	const BATCH = Number(process.env.CERT_BENCH_BATCH_N ?? 1_000);

	const cold = worker(['cold']);
	rows.push({
		metric: 'cold: first certificate (render + sign, fresh process)',
		value: cold.firstMs,
		unit: 'ms',
		goal: `CPU ${cold.firstCpuMs.toFixed(0)} ms; module load + keys ${(cold.setupMs / 1000).toFixed(1)} s`
	});

	const warm = worker(['warm', '200']);
	rows.push({
		metric: 'warm: one certificate p50 (render + sign)',
		value: warm.p50,
		unit: 'ms',
		goal: `≤ 20 ms CPU (CPU ${warm.cpuMs.toFixed(1)} ms, p95 wall ${warm.p95.toFixed(0)} ms)`,
		ok: warm.cpuMs <= 20
	});
	rows.push({
		metric: 'warm: signed PDF size',
		value: warm.bytes / 1024,
		unit: 'KB',
		goal: '≤ 100 KB',
		ok: warm.bytes <= 100 * 1024
	});

	const rss = worker(['rss', String(N)], '--expose-gc');
	rows.push({ metric: 'RSS after 1 000 certificates', value: rss.rss1k, unit: 'MB' });
	rows.push({
		metric: `RSS after ${N.toLocaleString('en')} certificates`,
		value: rss.rssN,
		unit: 'MB',
		goal: 'flat (≤ 1.25 × RSS at 1 000)',
		ok: rss.rssN <= rss.rss1k * 1.25
	});

	const b = worker(['batch', String(BATCH)]);
	const perCertCpu = b.issueCpuMs / b.issued;
	rows.push({
		metric: `batch: issue ${b.issued} (confer + number + token + audit, PGlite)`,
		value: b.issueMs / 1000,
		unit: 's',
		goal: `CPU ${(b.issueCpuMs / 1000).toFixed(1)} s`
	});
	// Issuance is one sequential job (one embedded connection): 10 000 ≈ 10 × the CPU time.
	const issue10k = (perCertCpu * 10_000) / 1000 / 60;
	// PDFs are rendered on demand; pre-rendering all of them would spread over both cores.
	const render10k = ((b.renderCpuMs / b.issued) * 10_000) / 2 / 1000 / 60;
	const wall10k = ((b.issueMs / b.issued) * 10_000) / 1000 / 60;
	rows.push({
		metric: 'batch: 10 000 certificates issued (extrapolated from CPU, 1 job)',
		value: issue10k,
		unit: 'min',
		goal: `≤ 4 min (wall-clock on this machine: ${wall10k.toFixed(1)} min)`,
		ok: issue10k <= 4
	});
	rows.push({
		metric: `batch: render + sign those PDFs (${b.issued} measured → 10 000 on 2 cores)`,
		value: render10k,
		unit: 'min',
		goal: `on demand, not part of issuance; ${(b.avgBytes / 1024).toFixed(0)} KB each`
	});
	return rows;
}

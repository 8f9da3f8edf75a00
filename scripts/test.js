// `npm test`: every test.
//   1. unit and integration tests on embedded PGlite (Vitest)
//   2. the integration tests again on a real PostgreSQL (TEST_DATABASE_URL, default the local
//      server's `test` database, a fresh schema per test file)
//   3. end-to-end tests in Chromium against the built app (Playwright)
// The app is built once before all of them (the PostgreSQL pass starts two built instances).
// Ends with one line "Total: N passed, N failed". In CI (CI=true) a missing PostgreSQL,
// Chromium or PDF/QR checker (poppler-utils, zbar-tools, ffmpeg: tests/fixtures/certificates/
// tools.ts) fails the run instead of being skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import postgres from 'postgres';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const out = '.test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
let exit = 0;

function banner(text) {
	const line = '!'.repeat(78);
	console.error(`\n${line}\n${text}\n${line}\n`);
}

function vitest(name, args, env = {}) {
	console.info(`\n── ${name} ──`);
	const file = `${out}/${name}.json`;
	const r = spawnSync(
		process.execPath,
		[
			'node_modules/vitest/vitest.mjs',
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${file}`,
			...args
		],
		{
			stdio: 'inherit',
			env: { ...process.env, ...env }
		}
	);
	try {
		const report = JSON.parse(readFileSync(file, 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests;
		// A file that fails before any test runs (an import or collection error) has no failed
		// test to count: count the file, so the total never says 0 failed on a red run.
		const broken = (report.testResults ?? []).filter(
			(f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')
		);
		for (const f of broken) console.error(`  FAILED TO RUN: ${f.name}`);
		failed += broken.length;
	} catch {
		failed += 1;
	}
	if (r.status !== 0) exit = 1;
}

async function postgresReachable() {
	const sql = postgres(pgUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 }).catch(() => {});
	}
}

// The built app serves the two-instance test (tests/integration/two-instances.spec.ts, on
// PostgreSQL) and the end-to-end tests: built once, first, so neither tests an older build.
console.info('\n── build ──');
const built = [
	['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
	['scripts/pglite-template.js']
].every((args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status === 0);
if (!built) {
	banner('  BUILD FAILED: the two-instance and end-to-end tests cannot run.');
	exit = 1;
}

vitest('unit-and-pglite', []);

if (await postgresReachable()) {
	vitest('postgres', ['tests/integration'], { TEST_DATABASE_URL: pgUrl });
} else {
	banner(
		`  INTEGRATION TESTS ON POSTGRESQL NOT RUN: nothing answers at ${pgUrl}\n  Start PostgreSQL or set TEST_DATABASE_URL.`
	);
	if (ci) exit = 1;
}

console.info('\n── end-to-end (Chromium) ──');
const e2e = spawnSync(process.execPath, ['scripts/e2e.js', '--reporter=list,json'], {
	stdio: 'inherit',
	env: {
		...process.env,
		PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e.json`,
		...(built ? { E2E_SKIP_BUILD: '1' } : {})
	}
});
try {
	const stats = JSON.parse(readFileSync(`${out}/e2e.json`, 'utf8')).stats;
	passed += stats.expected;
	failed += stats.unexpected;
} catch {
	if (e2e.status !== 0) failed += 1;
}
if (e2e.status !== 0) exit = 1;

console.info(`\nTotal: ${passed} passed, ${failed} failed`);
process.exit(exit || (failed > 0 ? 1 : 0));

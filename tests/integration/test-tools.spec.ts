/**
 * The PDF/QR checkers are treated like Chromium: outside CI their tests are skipped with one
 * loud line naming the install command; in CI a missing one fails the run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTools, findTool, requireTool } from '../fixtures/certificates/tools.js';

const empty = mkdtempSync(join(tmpdir(), 'zc-no-tools-'));
const fake = mkdtempSync(join(tmpdir(), 'zc-fake-tools-'));
for (const tool of ['pdftotext', 'pdftoppm', 'pdfsig', 'zbarimg']) {
	writeFileSync(join(fake, tool), '#!/bin/sh\nexit 0\n');
	chmodSync(join(fake, tool), 0o755);
}
afterAll(() => {
	rmSync(empty, { recursive: true, force: true });
	rmSync(fake, { recursive: true, force: true });
});

describe('test tools (pdftotext, pdftoppm, pdfsig, zbarimg)', () => {
	it('outside CI, with PATH lacking them: skip, with one line naming the install command', () => {
		const check = checkTools(undefined, { PATH: empty });
		expect(check.verdict).toBe('skip');
		expect(check.missing).toEqual(['pdftoppm', 'pdftotext', 'pdfsig', 'zbarimg']);
		expect(check.line).toContain('SKIPPED');
		expect(check.line).toContain('sudo apt-get install -y poppler-utils zbar-tools');
		expect(check.line!.split('\n')).toHaveLength(1);
		// The same for a CI variable that is not "true".
		expect(checkTools(undefined, { PATH: empty, CI: 'false' }).verdict).toBe('skip');
	});

	it('in CI (CI=true or 1), with PATH lacking them: fail, naming the install command', () => {
		for (const CI of ['true', '1']) {
			const check = checkTools(['zbarimg'], { PATH: empty, CI });
			expect(check.verdict).toBe('fail');
			expect(check.line).toContain('sudo apt-get install -y zbar-tools');
			expect(check.line).not.toContain('poppler');
		}
	});

	it('with every tool on PATH: run, nothing printed, in and out of CI', () => {
		for (const CI of [undefined, 'true']) {
			expect(checkTools(undefined, { PATH: `${empty}:${fake}`, CI })).toEqual({
				missing: [],
				verdict: 'run',
				line: null
			});
		}
		expect(findTool('pdfsig', fake)).toBe(join(fake, 'pdfsig'));
		// A non-executable file of that name is not the tool.
		chmodSync(join(fake, 'pdfsig'), 0o644);
		expect(findTool('pdfsig', fake)).toBeNull();
		chmodSync(join(fake, 'pdfsig'), 0o755);
	});

	it('a test that runs without the tool fails with the command that installs it', () => {
		const path = process.env.PATH;
		process.env.PATH = empty;
		try {
			expect(() => requireTool('pdftotext')).toThrow(
				'pdftotext is not installed: run `sudo apt-get install -y poppler-utils`'
			);
		} finally {
			process.env.PATH = path;
		}
	});

	it('a vitest run of a certificate spec without the tools: skipped outside CI, failed in CI', () => {
		const json = join(empty, 'report.json');
		const vitest = (CI: string) =>
			spawnSync(
				process.execPath,
				[
					'node_modules/vitest/vitest.mjs',
					'run',
					'src/lib/server/guides/guide-pdf.spec.ts',
					'--reporter=default',
					'--reporter=json',
					`--outputFile.json=${json}`
				],
				{
					encoding: 'utf8',
					// node itself is found by its absolute path; PATH has no tools
					env: { ...process.env, PATH: empty, CI }
				}
			);
		const outside = vitest('');
		expect(outside.status).toBe(0);
		expect(outside.stderr).toContain(
			'CERTIFICATE TOOL TESTS SKIPPED: pdftoppm, pdftotext, pdfsig, zbarimg not found. Install with:  sudo apt-get install -y poppler-utils zbar-tools'
		);
		const report = JSON.parse(readFileSync(json, 'utf8'));
		expect(report.numPendingTests).toBe(1);
		expect(report.numFailedTests).toBe(0);

		const ci = vitest('true');
		expect(ci.status).not.toBe(0);
		expect(ci.stderr).toContain('CERTIFICATE TOOL TESTS FAIL (CI=true)');
		const failed = JSON.parse(readFileSync(json, 'utf8'));
		expect(failed.numFailedTests).toBe(1);
		expect(JSON.stringify(failed.testResults)).toContain(
			'pdftotext is not installed: run `sudo apt-get install -y poppler-utils`'
		);
	}, 120_000);
});

/**
 * npm run accounts:import -- FILE.csv
 * Imports accounts of the earlier platform; see src/lib/server/legacy/accounts.ts for the
 * columns and hash formats. Prints a per-row report (activation codes appear here only, once).
 * Exit code 0 when every row was imported, 2 when some rows were refused, 1 on a bad file.
 */
import { readFileSync } from 'node:fs';
import { isAppError } from '../src/lib/domain/errors.js';
import { openDatabase, useDatabase } from '../src/lib/server/db/index.js';
import { importAccounts } from '../src/lib/server/legacy/accounts.js';

const file = process.argv[2];
if (!file) {
	console.error('用法：npm run accounts:import -- 文件.csv');
	process.exit(1);
}
// DATABASE_URL, else the embedded database (stop the app first: it is single-process).
const handle = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	pgSchema: process.env.DATABASE_SCHEMA || undefined
});
useDatabase(handle);
try {
	const report = await importAccounts(readFileSync(file, 'utf8'));
	for (const r of report) {
		const code = r.activationCode ? `  激活码 ${r.activationCode}` : '';
		console.log(`第 ${r.line} 行  ${r.ok ? '成功' : '失败'}  ${r.message}${code}`);
	}
	const good = report.filter((r) => r.ok).length;
	console.log(`共 ${report.length} 行：导入 ${good} 行，失败 ${report.length - good} 行。`);
	process.exitCode = good === report.length ? 0 : 2;
} catch (e) {
	console.error(isAppError(e) ? e.message : e);
	process.exitCode = 1;
} finally {
	await handle.close();
}

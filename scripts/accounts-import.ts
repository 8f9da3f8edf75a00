/**
 * npm run accounts:import -- FILE.csv|FILE.xlsx
 * npm run accounts:import -- --template FILE.xlsx   (writes the Excel template)
 * Imports accounts of the earlier platform; see src/lib/server/legacy/import-accounts.ts for the
 * columns and hash formats. A CSV may be UTF-8 (with or without BOM) or GBK as Excel saves it
 * on Chinese Windows; an .xlsx is read from its first worksheet. Prints a per-row report
 * (activation codes appear here only, once).
 * Exit code 0 when every row was imported, 2 when some rows were refused, 1 on a bad file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isAppError } from '../src/lib/domain/errors.js';
import { openDatabase, useDatabase } from '../src/lib/server/db/index.js';
import { accountsTemplate, importAccounts } from '../src/lib/server/legacy/import-accounts.js';

const usage =
	'用法：npm run accounts:import -- 文件.csv（或 文件.xlsx）\n　　　npm run accounts:import -- --template 模板.xlsx';
if (process.argv[2] === '--template') {
	const out = process.argv[3];
	if (!out) {
		console.error(usage);
		process.exit(1);
	}
	writeFileSync(out, await accountsTemplate());
	console.log(`已写出导入模板：${out}`);
	process.exit(0);
}
const file = process.argv[2];
if (!file) {
	console.error(usage);
	process.exit(1);
}
let bytes: Uint8Array;
try {
	bytes = readFileSync(file);
} catch {
	console.error(`无法读取文件：${file}`);
	process.exit(1);
}
// DATABASE_URL, else the embedded database (stop the app first: it is single-process).
const handle = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	pgSchema: process.env.DATABASE_SCHEMA || undefined
});
useDatabase(handle);
try {
	const report = await importAccounts(bytes);
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

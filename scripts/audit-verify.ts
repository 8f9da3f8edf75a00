// `npm run audit:verify`: walks the audit log's hash chain and reports the first broken
// position. Exit code 0 when intact, 1 when broken. Uses DATABASE_URL, else the embedded DB
// (stop the app first: the embedded database is single-process).
import { openDatabase } from '../src/lib/server/db/index.js';
import { verifyAuditChain } from '../src/lib/server/audit/verify.js';

const handle = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	pgSchema: process.env.DATABASE_SCHEMA || undefined,
	migrate: false
});
try {
	const report = await verifyAuditChain(handle.db);
	if (report.ok) {
		console.log(`audit log intact: ${report.rows} entries verified`);
	} else {
		console.error(
			`audit log BROKEN at entry id ${report.brokenAt} (${report.reason}); ${report.rows - 1} entries before it verified`
		);
		process.exitCode = 1;
	}
} finally {
	await handle.close();
}

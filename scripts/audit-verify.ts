// `npm run audit:verify [-- --head FILE …]`: verifies the audit log (entries, positions, the
// Merkle tree against every signed tree head in the database and in the head files kept
// outside it) and reports the first bad position. Exit code 0 when intact, 1 when not, 2 for
// unusable arguments. Uses DATABASE_URL, else the embedded DB (stop the app first: the embedded
// database is single-process). Without --head, the installation's own head file is read
// (AUDIT_HEAD_FILE, or data/audit-tree-heads.jsonl in embedded mode) when it exists.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db/index.js';
import {
	readTreeHeadFile,
	treeHeadFile,
	type SignedTreeHead
} from '../src/lib/server/audit/tree-head.js';
import { verifyAuditLog } from '../src/lib/server/audit/verify-audit-log.js';

let files: string[];
try {
	const { values } = parseArgs({ options: { head: { type: 'string', multiple: true } } });
	files = values.head ?? [treeHeadFile()].filter((f): f is string => !!f && existsSync(f));
} catch (e) {
	console.error(`usage: npm run audit:verify [-- --head FILE …] (${(e as Error).message})`);
	process.exit(2);
}
const externalHeads: SignedTreeHead[] = [];
for (const file of files) {
	if (!existsSync(file)) {
		console.error(`no such head file: ${file}`);
		process.exit(2);
	}
	const { heads, badLines } = readTreeHeadFile(file);
	if (badLines.length) console.error(`${file}: lines ${badLines.join(', ')} are not tree heads`);
	externalHeads.push(...heads);
}

const handle = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	pgSchema: process.env.DATABASE_SCHEMA || undefined,
	migrate: false
});
try {
	const t0 = performance.now();
	const report = await verifyAuditLog(handle.db, { externalHeads });
	const took = `${((performance.now() - t0) / 1000).toFixed(2)} s`;
	const heads = `${report.heads} signed tree heads (${externalHeads.length} from ${files.length} file(s))`;
	if (report.ok) {
		console.log(
			`audit log intact: ${report.rows} entries verified, tree size ${report.treeSize}, ${report.pending} waiting for the sequencer, ${heads}, ${took}`
		);
	} else {
		const where = [
			report.position !== null ? `position ${report.position}` : null,
			report.entryId !== null ? `entry id ${report.entryId}` : null
		]
			.filter(Boolean)
			.join(', ');
		console.error(`audit log BROKEN at ${where || 'its keys'}: ${report.reason}`);
		process.exitCode = 1;
	}
} finally {
	await handle.close();
}

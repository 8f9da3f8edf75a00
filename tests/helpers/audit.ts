import { sequenceAuditLog } from '../../src/lib/server/audit/sequence-audit-log.js';
import { verifyAuditLog, type AuditReport } from '../../src/lib/server/audit/verify-audit-log.js';
import type { Db } from '../../src/lib/server/db/index.js';

/** What the running app's sequencer does every few seconds, then `npm run audit:verify`. */
export async function sequenceAndVerify(db: Db): Promise<AuditReport> {
	await sequenceAuditLog(db, { publish: false });
	return verifyAuditLog(db);
}

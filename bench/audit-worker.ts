/**
 * The audit benchmark's body (bench/audit.js runs it with tsx and reads the JSON rows it
 * prints last). In a fresh PostgreSQL schema, dropped afterwards: 100 000 audit entries written
 * as recordAudit writes them (leaf hash + MAC, in multi-row inserts), the sequencer placing them
 * and signing a head, then verifyAuditLog — the code `npm run audit:verify` runs — over all of
 * them. Wall time and this process's CPU time (the database server's is not included).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_audit_${randomBytes(4).toString('hex')}`;
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
process.env.MASTER_KEY ??= randomBytes(32).toString('base64');

const { openDatabase } = await import('../src/lib/server/db/index.js');
const { auditLog } = await import('../src/lib/server/db/schema/index.js');
const { entryLeafHash, entryMac } = await import('../src/lib/server/audit/record.js');
const { sequenceAuditLog } = await import('../src/lib/server/audit/sequence-audit-log.js');
const { verifyAuditLog } = await import('../src/lib/server/audit/verify-audit-log.js');

const handle = await openDatabase({ url, pgSchema: schema });
const measure = async <T>(fn: () => Promise<T>) => {
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const result = await fn();
	const cpu = process.cpuUsage(cpu0);
	return { result, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
};
const rows = [];
try {
	const write = await measure(async () => {
		for (let i = 0; i < ENTRIES; i += 1000) {
			const batch = Array.from({ length: Math.min(1000, ENTRIES - i) }, (_, j) => {
				const e = {
					uid: randomUUID(),
					at: new Date(),
					actorUserId: randomUUID(),
					actorOrgId: null,
					action: 'application.approve',
					objectType: 'application',
					objectId: randomUUID(),
					result: 'ok' as const,
					detail: { from: 'awaitingEmployer', to: 'awaitingSupervisor', n: i + j }
				};
				const leafHash = entryLeafHash(e);
				return { ...e, leafHash, mac: entryMac(leafHash) };
			});
			await handle.db.insert(auditLog).values(batch);
		}
	});
	const sequence = await measure(() => sequenceAuditLog(handle.db, { publish: false }));
	const verify = await measure(() => verifyAuditLog(handle.db));
	const per100k = 100_000 / ENTRIES;
	const fmt = (m: { wall: number; cpu: number }) =>
		`${(m.wall * per100k).toFixed(2)} s wall, ${(m.cpu * per100k).toFixed(2)} s CPU`;
	rows.push(
		{
			metric: `audit entries written (${ENTRIES.toLocaleString('en')}, 1 000 per insert)`,
			value: write.wall * per100k,
			unit: 's / 100k',
			goal: `— · ${fmt(write)}`
		},
		{
			metric: 'sequencer: place entries and sign one tree head',
			value: sequence.wall * per100k,
			unit: 's / 100k',
			goal: `— · ${fmt(sequence)}`
		},
		{
			metric: 'audit:verify (leaf hashes, MACs, tree vs signed heads)',
			value: verify.wall * per100k,
			unit: 's / 100k',
			goal: `${verify.result.ok ? 'intact' : 'BROKEN'} · ${fmt(verify)}`,
			ok: verify.result.ok && verify.result.treeSize === ENTRIES
		}
	);
} finally {
	await handle.close();
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	await sql.unsafe(`drop schema if exists "${schema}" cascade`);
	await sql.end({ timeout: 5 });
}
console.log(JSON.stringify(rows));

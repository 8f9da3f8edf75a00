import { createHash } from 'node:crypto';
import { getPublicKeyAsync, signAsync, utils as ed25519 } from '@noble/ed25519';
import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/lib/domain/certificate-token.js';
import { authorize } from '../../src/lib/server/auth/actor.js';
import { signIn } from '../../src/lib/server/auth/sign-in.js';
import { entryLeafHash, recordAudit } from '../../src/lib/server/audit/record.js';
import { sequenceAuditLog } from '../../src/lib/server/audit/sequence-audit-log.js';
import { treeHeadText, type SignedTreeHead } from '../../src/lib/server/audit/tree-head.js';
import { verifyAuditLog } from '../../src/lib/server/audit/verify-audit-log.js';
import { db } from '../../src/lib/server/db/index.js';
import { auditLog } from '../../src/lib/server/db/schema/index.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
afterAll(async () => handle?.drop());
beforeEach(async () => {
	await handle?.drop();
	handle = await freshDatabase();
});

async function count(): Promise<number> {
	const r = (await db().execute(sql`select count(*)::int as n from audit_log`)) as unknown as {
		rows?: { n: number }[];
	} & { n: number }[];
	return Number((r.rows ?? r)[0].n);
}

/** A superuser working behind the platform's back: triggers off, SQL, triggers on. */
async function behindItsBack(statement: ReturnType<typeof sql>) {
	await db().execute(sql`alter table audit_log disable trigger user`);
	await db().execute(sql`alter table audit_tree_heads disable trigger user`);
	try {
		await db().execute(statement);
	} finally {
		await db().execute(sql`alter table audit_log enable trigger user`);
		await db().execute(sql`alter table audit_tree_heads enable trigger user`);
	}
}

/** Swaps two entries' positions (the unique index allows no direct swap). */
async function swap(a: number, b: number) {
	await behindItsBack(sql`update audit_log set seq = -1 where seq = ${a}`);
	await behindItsBack(sql`update audit_log set seq = ${a} where seq = ${b}`);
	await behindItsBack(sql`update audit_log set seq = ${b} where seq = -1`);
}

async function writeAndSequence(n: number) {
	for (let i = 0; i < n; i++)
		await recordAudit(db(), { action: `test.step${i}`, result: 'ok', detail: { i } });
	return sequenceAuditLog(db(), { publish: false });
}

describe(`audit log as a Merkle tree (${backend})`, () => {
	it('never forks: writers of every kind in parallel, with the sequencer running, verify intact', async () => {
		const applicant = { kind: 'applicant' as const, userId: crypto.randomUUID() };
		const { actor: staff } = await makeOrg('employer');
		// A head before the burst, so that the one after it must be consistent with it (the
		// sequencer runs during the burst may find nothing committed yet and sign none).
		await recordAudit(db(), { action: 'test.before', result: 'ok' });
		await sequenceAuditLog(db(), { publish: false });
		const before = await count();
		const writers: Promise<unknown>[] = [];
		for (let i = 0; i < 40; i++) {
			// Outside any transaction (refusals, sign-in, upload status, imports did this).
			writers.push(recordAudit(db(), { action: 'test.outside', result: 'ok', detail: { i } }));
			// Inside a transaction with other work.
			writers.push(
				db().transaction(async (tx) => {
					await tx.execute(sql`select 1`);
					await recordAudit(tx, { action: 'test.inside', result: 'ok', detail: { i } });
				})
			);
			// A refusal written by authorize(), as four admin pages opened at once did.
			writers.push(authorize(applicant, 'organisation.list', { type: 'platform' }).catch(() => {}));
			writers.push(authorize(staff, 'calendar.manage', { type: 'platform' }).catch(() => {}));
			// A failed sign-in of an unknown account.
			writers.push(
				signIn({ identifier: `nobody${i}`, password: 'wrong-Password-1', ip: `10.0.${i}.1` }).catch(
					() => {}
				)
			);
			if (i % 10 === 0) writers.push(sequenceAuditLog(db(), { publish: false }));
		}
		await Promise.all(writers);
		await sequenceAuditLog(db(), { publish: false });
		expect(await count()).toBe(before + 200);
		const report = await verifyAuditLog(db());
		expect(report).toMatchObject({ ok: true, pending: 0, treeSize: before + 200 });
		expect(report.heads).toBeGreaterThanOrEqual(2);
	});

	it('two sequencers at once place every entry exactly once', async () => {
		for (let i = 0; i < 30; i++) await recordAudit(db(), { action: 'test.x', result: 'ok' });
		const runs = await Promise.all([1, 2, 3].map(() => sequenceAuditLog(db(), { publish: false })));
		expect(runs.reduce((n, r) => n + r.sequenced, 0)).toBe(30);
		expect(await verifyAuditLog(db())).toMatchObject({ ok: true, treeSize: 30 });
	});

	it('detects deleting the newest entries (tail truncation) with the position', async () => {
		await writeAndSequence(12);
		await behindItsBack(sql`delete from audit_log where seq >= 9`);
		const report = await verifyAuditLog(db());
		expect(report).toMatchObject({ ok: false, position: 9 });
		if (!report.ok) expect(report.reason).toContain('truncated');
	});

	it('detects truncating the entries and the heads in the database, through the head kept outside', async () => {
		const first = await writeAndSequence(5);
		const second = await writeAndSequence(5);
		await behindItsBack(sql`delete from audit_log where seq >= 5`);
		await behindItsBack(sql`delete from audit_tree_heads where tree_size > 5`);
		// The database alone now looks intact…
		expect(await verifyAuditLog(db())).toMatchObject({ ok: true, treeSize: 5 });
		// …but not against the heads published outside it.
		const report = await verifyAuditLog(db(), { externalHeads: [first.head!, second.head!] });
		expect(report).toMatchObject({ ok: false, position: 5 });
	});

	it('detects an entry edited with its hash recomputed (the MAC needs the master key)', async () => {
		await writeAndSequence(8);
		const [row] = await db()
			.select()
			.from(auditLog)
			.where(sql`seq = 3`);
		const forged = { ...row, detail: { i: 99 } };
		await behindItsBack(
			sql`update audit_log set detail = '{"i": 99}', leaf_hash = ${entryLeafHash(forged)} where seq = 3`
		);
		const report = await verifyAuditLog(db());
		expect(report).toMatchObject({ ok: false, position: 3, entryId: row.id });
		if (!report.ok) expect(report.reason).toContain('MAC');
	});

	it('detects a plain edit, a deleted entry in the middle and swapped positions', async () => {
		await writeAndSequence(10);
		await behindItsBack(sql`update audit_log set result = 'denied' where seq = 6`);
		expect(await verifyAuditLog(db())).toMatchObject({
			ok: false,
			position: 6,
			reason: 'entry content altered'
		});
		await behindItsBack(sql`update audit_log set result = 'ok' where seq = 6`);
		expect((await verifyAuditLog(db())).ok).toBe(true);

		await swap(2, 4);
		const swapped = await verifyAuditLog(db());
		expect(swapped).toMatchObject({ ok: false, position: 0 });
		if (!swapped.ok) expect(swapped.reason).toContain('signed tree head of size 10');

		await swap(2, 4);
		await behindItsBack(sql`delete from audit_log where seq = 7`);
		expect(await verifyAuditLog(db())).toMatchObject({ ok: false, position: 7 });
	});

	it('refuses a tree head signed with a key the attacker put into the database', async () => {
		const { head } = await writeAndSequence(4);
		const priv = ed25519.randomSecretKey();
		const pub = toBase64url(await getPublicKeyAsync(priv));
		await db().execute(
			sql`insert into audit_keys (kid, public_key, private_key_enc, created_at) values ('audit-evil', ${pub}, ${Buffer.from('x').toString('base64')}, now())`
		);
		const forged: SignedTreeHead = { ...head!, treeSize: 3, keyId: 'audit-evil', signature: '' };
		forged.signature = toBase64url(
			await signAsync(new TextEncoder().encode(treeHeadText(forged)), priv)
		);
		const report = await verifyAuditLog(db(), { externalHeads: [forged] });
		expect(report.ok).toBe(false);
		if (!report.ok) expect(report.reason).toContain('audit-evil');
	});

	it('the database allows only the sequencer’s one placing of an entry', async () => {
		await writeAndSequence(3);
		await recordAudit(db(), { action: 'test.waiting', result: 'ok' });
		await expect(
			db().execute(sql`update audit_log set action = 'x' where seq = 1`)
		).rejects.toThrow();
		await expect(db().execute(sql`update audit_log set seq = 7 where seq = 1`)).rejects.toThrow();
		await expect(
			db().execute(sql`update audit_log set seq = 3, action = 'x' where seq is null`)
		).rejects.toThrow();
		await expect(db().execute(sql`delete from audit_log where seq = 2`)).rejects.toThrow();
		await expect(db().execute(sql`delete from audit_tree_heads`)).rejects.toThrow();
		await expect(db().execute(sql`update audit_tree_heads set root_hash = 'x'`)).rejects.toThrow();
		expect((await sequenceAuditLog(db(), { publish: false })).sequenced).toBe(1);
		expect(await verifyAuditLog(db())).toMatchObject({ ok: true, treeSize: 4 });
	});

	it('entries written before the tree existed are placed and verify', async () => {
		// As the migration leaves them: no uid, no leaf hash, no MAC.
		await db().execute(
			sql`insert into audit_log (at, action, result, detail) values (now(), 'legacy.one', 'ok', '{"a": 1}'), (now(), 'legacy.two', 'ok', '{}')`
		);
		await writeAndSequence(2);
		expect(await verifyAuditLog(db())).toMatchObject({ ok: true, treeSize: 4 });
		const legacy = await db()
			.select()
			.from(auditLog)
			.where(sql`action = 'legacy.one'`);
		expect(legacy[0].leafHash).toBe(entryLeafHash(legacy[0]));
		expect(createHash('sha256').update('x').digest('hex')).toHaveLength(64);
	});
});

// `npm run db:move-to-postgres -- <postgres://…> [--schema NAME]`: copies a STOPPED embedded
// installation (DATA_DIR, default ./data) into an EMPTY PostgreSQL database: every table of the
// app (users, organisations, applications, files, certificates, keys, the audit log with its
// tree heads, …) and every sequence, then checks the row counts and verifies the audit log on
// the target, and prints the settings to start the app with (MASTER_KEY from data/master.key).
// Jobs in the embedded queue are not copied: the app re-creates what it needs at start (a batch
// left unfinished is resumed from its rows).
//
// The copy runs in one transaction on the target with `session_replication_role = replica`
// (foreign keys and triggers, among them the one that lets only the transition change an
// application's state, are not fired for rows that were already valid at the source), which
// needs a superuser or a role allowed to set it. Exit 0 done, 1 refused or failed, 2 usage.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { migratePostgresUrl, openDatabase, type Db } from '../src/lib/server/db/index.js';
import { rowsOf } from '../src/lib/server/db/rows-of.js';
import { parseKey } from '../src/lib/server/crypto/master-key.js';

const fail = (message: string, code = 1): never => {
	console.error(message);
	process.exit(code);
};

let url: string;
let schema: string | undefined;
try {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { schema: { type: 'string' } }
	});
	if (positionals.length !== 1 || !/^postgres(ql)?:\/\//.test(positionals[0])) throw new Error();
	url = positionals[0];
	schema = values.schema;
	if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error();
} catch {
	fail('用法：npm run db:move-to-postgres -- postgres://用户@主机/数据库 [--schema 模式名]', 2);
}

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const keyFile = path.join(dataDir, 'master.key');
if (!existsSync(path.join(dataDir, 'pg')) || !existsSync(keyFile))
	fail(
		`在 ${dataDir} 没有找到内嵌数据库（pg/ 和 master.key）：请设置 DATA_DIR 指向要迁移的数据目录。`
	);
let masterKey: string;
try {
	masterKey = parseKey(readFileSync(keyFile, 'utf8')).toString('base64');
} catch {
	fail(`${keyFile} 不是有效的主密钥文件。`);
}
// Everything below reads the embedded installation's own key (field encryption, signatures).
delete process.env.DATABASE_URL;
process.env.MASTER_KEY = masterKey!;

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const target = postgres(url!, { max: 1, onnotice: () => {} });
const inSchema = schema ?? 'public';

try {
	const existing = await target<{ n: number }[]>`
		select count(*)::int as n from information_schema.tables where table_schema = ${inSchema}`;
	if (existing[0].n > 0)
		fail(
			`目标数据库的模式 ${inSchema} 不是空的（已有 ${existing[0].n} 张表）：请使用一个新建的空数据库。`
		);
} catch (e) {
	if ((e as { code?: string }).code)
		fail(`连不上目标数据库：${(e as Error).message.split('\n')[0]}`);
	throw e;
}

let source;
try {
	source = await openDatabase({ dataDir: path.join(dataDir, 'pg') });
} catch (e) {
	const text = String((e as Error).message ?? e);
	fail(
		/another process|single-instance|lock/i.test(text)
			? '内嵌数据库正被运行中的应用使用：请先停止应用，再迁移。'
			: `打不开内嵌数据库：${text.split('\n')[0]}`
	);
}
const src: Db = source!.db;
const read = async <T>(text: string) => rowsOf<T>(await src.execute(sql.raw(text)));

const tables = (
	await read<{ name: string }>(
		`select table_name as name from information_schema.tables
		 where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
	)
).map((r) => r.name);
const sequences = (
	await read<{ name: string }>(
		`select sequence_name as name from information_schema.sequences where sequence_schema = 'public'`
	)
).map((r) => r.name);

console.info(`迁移 ${tables.length} 张表、${sequences.length} 个序列到 ${inSchema} …`);
await migratePostgresUrl(url!, schema);

const counts = new Map<string, number>();
const t0 = performance.now();
await target.begin(async (tx) => {
	await tx.unsafe(`set local search_path to ${q(inSchema)}`);
	await tx.unsafe(`set local session_replication_role = replica`);
	for (const table of tables) {
		// Pages in primary-key order, small ones for tables that carry files.
		const key = await read<{ col: string }>(
			`select a.attname as col from pg_index i
			 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
			 where i.indrelid = 'public.${q(table)}'::regclass and i.indisprimary`
		);
		const bytea = await read<{ n: number }>(
			`select count(*)::int as n from information_schema.columns
			 where table_schema = 'public' and table_name = '${table.replaceAll("'", "''")}' and data_type = 'bytea'`
		);
		const page = bytea[0].n > 0 ? 8 : 500;
		const order = key.length ? key.map((k) => q(k.col)).join(', ') : 'ctid';
		let copied = 0;
		for (let offset = 0; ; offset += page) {
			const rows = await read<{ j: string }>(
				`select row_to_json(t)::text as j from (select * from public.${q(table)} order by ${order}
				 limit ${page} offset ${offset}) t`
			);
			if (!rows.length) break;
			// json_populate_recordset gives every value its column's type on the target.
			await tx.unsafe(
				`insert into ${q(table)} select * from json_populate_recordset(null::${q(table)}, $1::text::json)`,
				[`[${rows.map((r) => r.j).join(',')}]`]
			);
			copied += rows.length;
		}
		counts.set(table, copied);
	}
	for (const seq of sequences) {
		const [s] = await read<{ last_value: string; is_called: boolean }>(
			`select last_value::text, is_called from public.${q(seq)}`
		);
		await tx.unsafe(`select setval('${q(inSchema)}.${q(seq)}', $1::bigint, $2)`, [
			s.last_value,
			s.is_called
		]);
	}
});
await source!.close();

// Check: the same number of rows in every table, and the audit log intact on the target.
const wrong: string[] = [];
for (const [table, n] of counts) {
	const [r] = await target.unsafe<{ n: number }[]>(
		`select count(*)::int as n from ${q(inSchema)}.${q(table)}`
	);
	if (r.n !== n) wrong.push(`${table}: ${n} → ${r.n}`);
}
await target.end({ timeout: 5 });
if (wrong.length) fail(`行数不一致：${wrong.join('；')}`);

const { verifyAuditLog } = await import('../src/lib/server/audit/verify-audit-log.js');
const moved = await openDatabase({ url: url!, pgSchema: schema, migrate: false });
const report = await verifyAuditLog(moved.db);
await moved.close();
if (!report.ok) fail(`目标数据库中的审计日志校验未通过：${JSON.stringify(report)}`);

const rows = [...counts.values()].reduce((a, b) => a + b, 0);
console.info(
	`完成：${counts.size} 张表共 ${rows} 行、${sequences.length} 个序列已复制，行数一致；` +
		`审计日志 ${report.rows} 条校验通过（${((performance.now() - t0) / 1000).toFixed(1)} 秒）。`
);
console.info('\n用以下设置启动应用（主密钥请存入密钥管理系统，不要写进代码库）：');
console.info(`DATABASE_URL=${url!.replace(/:[^:@/]*@/, ':***@')}`);
if (schema) console.info(`DATABASE_SCHEMA=${schema}`);
console.info(`MASTER_KEY=${masterKey!}`);
const heads = path.join(dataDir, 'audit-tree-heads.jsonl');
if (existsSync(heads))
	console.info(
		`AUDIT_HEAD_FILE=${heads}   （已签名树头的外部副本：请把这个文件移到服务器上并指向它）`
	);
process.exit(0);

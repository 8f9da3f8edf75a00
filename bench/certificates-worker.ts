/**
 * Measurements for bench/certificates.js, one mode per process (spawned with tsx):
 *   cold            first certificate rendered + signed in a fresh process
 *   warm N          N renders + signatures after warm-up: p50/p95 ms, PDF size
 *   rss N           N renders + signatures: RSS after 1 000 and after N
 *   batch N         N evaluations awaiting conferral → one batch job (conferral + issuance in
 *                   the same transaction per application), embedded PGlite in memory; then
 *                   the N signed PDFs rendered from the database rows
 * Prints one JSON object on stdout.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';

const [mode, arg] = process.argv.slice(2);
const n = Number(arg ?? 0);
const t0 = performance.now();

async function core() {
	const { buildCertificateDocument } = await import('../src/lib/server/certificates/render-pdf.js');
	const { signDocument } = await import('../src/lib/server/certificates/sign-pdf.js');
	const { generateDemoCa, generateTokenKey, issueOrgCertificate } =
		await import('../src/lib/server/certificates/keys.js');
	const { encodeAndSign } = await import('../src/lib/domain/certificate-token.js');
	const { sampleCertificateData, samplePhoto, SAMPLE_ISSUER } =
		await import('../src/lib/server/certificates/sample.js');
	const { toTokenPayload } = await import('../src/lib/server/certificates/token-payload.js');
	const signer = await issueOrgCertificate(await generateDemoCa(), SAMPLE_ISSUER.name);
	const key = await generateTokenKey();
	const photo = await samplePhoto();
	const make = async (i: number) => {
		const style = i % 2 ? 'junior' : 'intermediate';
		const data = {
			...sampleCertificateData(style),
			certificateNo: `45022026${style === 'junior' ? 1 : 2}1${String(i).padStart(6, '0')}`
		};
		const token = await encodeAndSign(toTokenPayload(data, style, SAMPLE_ISSUER.code), key);
		// the app's download path: build, then sign in the same save
		const doc = await buildCertificateDocument(data, {
			style,
			verifyUrl: `https://zc.example.cn/v/${token}`,
			photo,
			issuer: SAMPLE_ISSUER
		});
		return signDocument(doc, signer);
	};
	// The floor: a signed one-page PDF with one line of CJK text in the same font (subset).
	const { PDFDocument } = await import('pdf-lib');
	const { embedRegularFont } = await import('../src/lib/server/certificates/fonts.js');
	const baseline = async (i: number) => {
		const doc = await PDFDocument.create();
		const font = await embedRegularFont(doc);
		const page = doc.addPage([595.28, 841.89]);
		page.drawText(`柳州市职称电子证书 第${i}号`, { x: 72, y: 760, size: 12, font });
		return signDocument(doc, signer);
	};
	return Object.assign(make, { baseline });
}

const mb = () => process.memoryUsage().rss / 1024 / 1024;

async function main() {
	if (mode === 'cold') {
		const make = await core();
		const setup = performance.now() - t0;
		const s = performance.now();
		const c = process.cpuUsage();
		const pdf = await make(0);
		const cpu = process.cpuUsage(c);
		return {
			firstMs: performance.now() - s,
			firstCpuMs: (cpu.user + cpu.system) / 1000,
			setupMs: setup,
			bytes: pdf.length
		};
	}
	if (mode === 'warm') {
		const make = await core();
		for (let i = 0; i < 20; i++) {
			await make(i);
			await make.baseline(i);
		}
		const times: number[] = [];
		const cpus: number[] = [];
		const baseCpus: number[] = [];
		let bytes = 0;
		let baseBytes = 0;
		const cpu0 = process.cpuUsage();
		// interleaved, so both see the same machine load
		for (let i = 0; i < n; i++) {
			const s = performance.now();
			const c = process.cpuUsage();
			const pdf = await make(i);
			const d = process.cpuUsage(c);
			times.push(performance.now() - s);
			cpus.push((d.user + d.system) / 1000);
			if (i % 2 === 0) bytes = Math.max(bytes, pdf.length);
			const cb = process.cpuUsage();
			baseBytes = (await make.baseline(i)).length;
			const db = process.cpuUsage(cb);
			baseCpus.push((db.user + db.system) / 1000);
		}
		const cpu = process.cpuUsage(cpu0);
		const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(n * q)];
		return {
			p50: p(times, 0.5),
			p95: p(times, 0.95),
			cpuP50: p(cpus, 0.5),
			baselineCpuP50: p(baseCpus, 0.5),
			cpuMs: (cpu.user + cpu.system) / 1000 / n,
			bytes,
			baseBytes
		};
	}
	if (mode === 'rss') {
		const make = await core();
		const gc = (globalThis as { gc?: () => void }).gc;
		const at: Record<number, number> = {};
		const s = performance.now();
		for (let i = 1; i <= n; i++) {
			await make(i);
			if (i === 100 || i === 1000 || i === n) {
				gc?.();
				at[i] = mb();
			}
		}
		return { rss100: at[100], rss1k: at[1000], rssN: at[n], ms: performance.now() - s };
	}
	if (mode === 'batch') return batch(n);
	throw new Error(`unknown mode ${mode}`);
}

async function batch(count: number) {
	process.env.MASTER_KEY ??= Buffer.alloc(32, 7).toString('base64');
	const { openDatabase, useDatabase } = await import('../src/lib/server/db/index.js');
	const { seedDemo } = await import('../src/lib/server/demo/seed.js');
	const schema = await import('../src/lib/server/db/schema/index.js');
	const { blindIndex, encrypt } = await import('../src/lib/server/crypto/pii.js');
	const { idNumberCheckChar } = await import('../src/lib/domain/identity.js');
	const { actorOf } = await import('../src/lib/server/auth/actor.js');
	const { createCertificateBatch, runCertificateBatch } =
		await import('../src/lib/server/certificates/batch.js');
	const { renderIssuedCertificate } = await import('../src/lib/server/certificates/issued-pdf.js');
	// BENCH_DATABASE_URL: run against PostgreSQL (a fresh schema) instead of in-memory PGlite.
	const url = process.env.BENCH_DATABASE_URL;
	const pgSchema = `bench_${Date.now().toString(36)}`;
	const handle = await openDatabase(url ? { url, pgSchema } : { dataDir: 'memory://' });
	useDatabase(handle);
	const db = handle.db;
	await seedDemo(db);
	const staff = async (username: string) =>
		(await db.select().from(schema.users).where(eq(schema.users.username, username)))[0];
	const city = await staff('city');
	const emp = await staff('emp.liugang');
	const ids: string[] = [];
	await db.transaction(async (tx) => {
		// Fixture rows already awaiting conferral: bulk-loaded like the queue bench's, without the
		// per-row triggers (which refuse a state not written by the transition).
		await tx.execute(sql`set local session_replication_role = replica`);
		for (let i = 0; i < count; i += 250) {
			const people = [];
			const apps = [];
			for (let j = i; j < Math.min(count, i + 250); j++) {
				const body =
					`450202199${j % 10}0${1 + (j % 9)}1${j % 10}${String(j % 1000).padStart(3, '0')}`.slice(
						0,
						17
					);
				const idNumber = body + idNumberCheckChar(body);
				const userId = randomUUID();
				people.push({
					id: userId,
					kind: 'applicant' as const,
					name: `覃${'志明华丽'[j % 4]}${'堃琰喆'[j % 3]}`,
					idNumberEnc: encrypt(idNumber),
					idNumberHmac: blindIndex('id', `${idNumber}#${j}`),
					passwordHash: 'x'
				});
				const id = randomUUID();
				ids.push(id);
				apps.push({
					id,
					number: `ZCB${String(j).padStart(9, '0')}`,
					applicantId: userId,
					employerId: emp.organisationId,
					kind: 'evaluation' as const,
					level: j % 2 ? ('junior' as const) : ('intermediate' as const),
					series: 'engineering',
					qualification: j % 2 ? '助理工程师' : '工程师',
					applicantName: people[people.length - 1].name,
					tier: 'city',
					state: 'awaitingConferral',
					content: { title: { specialty: '机械工程' } },
					contentHash: 'b'.repeat(64),
					version: 7
				});
			}
			await tx.insert(schema.users).values(people);
			await tx.insert(schema.applications).values(apps);
		}
	});
	const actor = await actorOf(city);
	const batchId = await createCertificateBatch(actor, {
		documentNumber: '柳职改字〔2026〕99号',
		conferredOn: '2026-03-01',
		applicationIds: ids
	});
	const s = performance.now();
	const c0 = process.cpuUsage();
	const progress = await runCertificateBatch(batchId);
	const issueMs = performance.now() - s;
	const c1 = process.cpuUsage(c0);
	const rows = await db.select().from(schema.certificates);
	const r = performance.now();
	const c2 = process.cpuUsage();
	let bytes = 0;
	for (const c of rows) {
		const pdf = await db.transaction((tx) =>
			renderIssuedCertificate(tx, c, 'https://zc.example.cn')
		);
		bytes += pdf.length;
	}
	const renderMs = performance.now() - r;
	const c3 = process.cpuUsage(c2);
	await handle.close();
	if (url) {
		const postgres = (await import('postgres')).default;
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop schema if exists "${pgSchema}" cascade`);
		await admin.end();
	}
	return {
		issued: progress.issued,
		issueMs,
		issueCpuMs: (c1.user + c1.system) / 1000,
		renderMs,
		renderCpuMs: (c3.user + c3.system) / 1000,
		avgBytes: bytes / rows.length
	};
}

main()
	.then((result) => {
		process.stdout.write(JSON.stringify(result) + '\n');
		process.exit(0);
	})
	.catch((e) => {
		console.error(e);
		process.exit(1);
	});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/lib/domain/certificate-token.js';
import { actorOf } from '../../src/lib/server/auth/actor.js';
import { blindIndex } from '../../src/lib/server/crypto/pii.js';
import { downloadArchiveForm } from '../../src/lib/server/certificates/archive-form.js';
import { downloadCertificate } from '../../src/lib/server/certificates/issued-pdf.js';
import { tokenPublicKey } from '../../src/lib/server/certificates/token-keys.js';
import { db } from '../../src/lib/server/db/index.js';
import { certificates, users } from '../../src/lib/server/db/schema/index.js';
import { seedDemo } from '../../src/lib/server/demo/seed.js';
import { DEMO_CERTIFICATE_HOLDERS } from '../../src/lib/server/demo/seed-certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { lacks, run, writeTemp } from '../fixtures/certificates/tools.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
	handle = await freshDatabase();
	await seedDemo(db());
}, 60_000);
afterAll(async () => {
	await handle.drop();
});

async function userByMobile(mobile: string) {
	const [u] = await db()
		.select()
		.from(users)
		.where(eq(users.mobileHmac, blindIndex('mobile', mobile)));
	return u;
}

describe(`demo certificates (${backend})`, () => {
	it('a fresh demo database holds a junior and an intermediate certificate of the first two applicants', async () => {
		const rows = await db().select().from(certificates);
		expect(rows.map((c) => c.style).sort()).toEqual(['intermediate', 'junior']);
		for (const [i, mobile] of DEMO_CERTIFICATE_HOLDERS.entries()) {
			const holder = await userByMobile(mobile);
			const cert = rows.find((c) => c.holderUserId === holder.id)!;
			expect(cert.style).toBe(i === 0 ? 'junior' : 'intermediate');
			expect(cert.status).toBe('valid');
			expect((await verifyToken(cert.token, (kid) => tokenPublicKey(db(), kid))).ok).toBe(true);
			const { pdf } = await downloadCertificate(
				await actorOf(holder),
				cert.id,
				'http://localhost:3000'
			);
			if (!lacks('pdfsig'))
				expect(run('pdfsig', [writeTemp('demo.pdf', pdf)]).output).toContain('Signature is Valid');
		}
	});

	it('柳钢 downloads the sealed archive forms of its two demo holders', async () => {
		const [emp] = await db().select().from(users).where(eq(users.username, 'emp.liugang'));
		const actor = await actorOf(emp);
		for (const cert of await db().select().from(certificates)) {
			const { pdf } = await downloadArchiveForm(
				actor,
				cert.applicationId!,
				'http://localhost:3000'
			);
			if (!lacks('pdfsig'))
				expect(run('pdfsig', [writeTemp('form.pdf', pdf)]).output).toContain('Signature is Valid');
		}
	});
});

describe('npm run certificate:sample', () => {
	it.skipIf(lacks('pdfsig', 'pdftotext'))(
		'seeds a new embedded database and writes a signed demo certificate',
		() => {
			const dir = mkdtempSync(join(tmpdir(), 'zc-sample-'));
			const file = join(dir, 'sample.pdf');
			try {
				execFileSync('npx', ['tsx', 'scripts/certificate-sample.ts', file, '--style', 'junior'], {
					env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', MASTER_KEY: '' },
					stdio: 'pipe'
				});
				expect(existsSync(file)).toBe(true);
				const report = run('pdfsig', [file]).output;
				expect(report).toContain('Signature is Valid');
				const text = run('pdftotext', [file, '-']).output;
				expect(text).toContain('广西柳州市初级职称电子证书');
				expect(readFileSync(file).length).toBeLessThan(100 * 1024);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
		120_000
	);
});

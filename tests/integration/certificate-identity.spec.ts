import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import {
	importSigningIdentity,
	parsePemPair,
	parsePkcs12
} from '../../src/lib/server/certificates/import-identity.js';
import { downloadCertificate } from '../../src/lib/server/certificates/issued-pdf.js';
import {
	generateDemoCa,
	issueOrgCertificate,
	toPem
} from '../../src/lib/server/certificates/keys.js';
import { db } from '../../src/lib/server/db/index.js';
import { certificates } from '../../src/lib/server/db/schema/index.js';
import { eq } from 'drizzle-orm';
import { employerWithApplicant, platform } from '../helpers/applications.js';
import { approvedRecognition } from '../helpers/certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import { lacks, run, writeTemp } from '../fixtures/certificates/tools.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
const dir = mkdtempSync(join(tmpdir(), 'zc-identity-'));

function openssl(args: string[]) {
	if (spawnSync('sh', ['-c', 'command -v openssl']).status !== 0)
		throw new Error('openssl is not installed: run `apt-get install -y openssl`');
	execFileSync('openssl', args, { stdio: 'pipe' });
}

/** A "real CA" pair for the county office: a CA of its own, not the demo CA. */
async function realPair(name: string) {
	const ca = await generateDemoCa();
	const org = await issueOrgCertificate(ca, name);
	return {
		certPem: toPem(org.certificate, 'CERTIFICATE') + toPem(ca.certificate, 'CERTIFICATE'),
		keyPem: toPem(org.privateKey, 'PRIVATE KEY')
	};
}

async function code(p: Promise<unknown>) {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
}

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	await handle.drop();
});

describe(`importing a signing identity (${backend})`, () => {
	it.skipIf(lacks('pdfsig'))(
		'a PEM pair imported by the city office signs the next downloads',
		async () => {
			const pair = await realPair('柳江区职称改革工作领导小组办公室（正式）');
			const identity = parsePemPair(pair.certPem, pair.keyPem);
			expect(identity.chain).toHaveLength(1);
			const { subject } = await importSigningIdentity(
				offices.city.actor,
				offices.county.orgId,
				identity
			);
			expect(subject).toBe('柳江区职称改革工作领导小组办公室（正式）');

			const who = await employerWithApplicant('liujiang');
			const app = await approvedRecognition(offices, who);
			const [cert] = await db()
				.select()
				.from(certificates)
				.where(eq(certificates.applicationId, app.id));
			const { pdf } = await downloadCertificate(
				who.applicant.actor,
				cert.id,
				'https://zc.example.cn'
			);
			const report = run('pdfsig', [writeTemp('imported.pdf', pdf)]).output;
			expect(report).toContain('Signature is Valid');
			expect(report).toContain(
				'Signer Certificate Common Name: 柳江区职称改革工作领导小组办公室（正式）'
			);
		}
	);

	it('reads a PKCS#12 exported by OpenSSL 3, with its password', async () => {
		const pair = await realPair('柳州市职称改革工作领导小组办公室');
		writeFileSync(join(dir, 'c.pem'), pair.certPem);
		writeFileSync(join(dir, 'k.pem'), pair.keyPem);
		openssl([
			'pkcs12',
			'-export',
			'-in',
			join(dir, 'c.pem'),
			'-inkey',
			join(dir, 'k.pem'),
			'-out',
			join(dir, 'o.p12'),
			'-passout',
			'pass:柳州2026'
		]);
		const p12 = new Uint8Array(readFileSync(join(dir, 'o.p12')));
		const identity = await parsePkcs12(p12, '柳州2026');
		expect(Buffer.from(identity.certificate)).toEqual(
			Buffer.from(parsePemPair(pair.certPem, pair.keyPem).certificate)
		);
		expect(identity.chain).toHaveLength(1);
		await expect(parsePkcs12(p12, 'wrong')).rejects.toBeInstanceOf(AppError);
		expect(
			await code(importSigningIdentity(offices.city.actor, offices.city.orgId, identity))
		).toBe('ok');
	});

	it('refuses a key that does not match, garbage, a non-office and a non-admin', async () => {
		const a = await realPair('甲');
		const b = await realPair('乙');
		expect(() => parsePemPair('not a certificate', a.keyPem)).toThrow(AppError);
		expect(() => parsePemPair(a.certPem, 'not a key')).toThrow(AppError);
		const mismatched = parsePemPair(a.certPem, b.keyPem);
		expect(
			await code(importSigningIdentity(offices.city.actor, offices.county.orgId, mismatched))
		).toBe('VALIDATION');
		const good = parsePemPair(a.certPem, a.keyPem);
		const employer = await makeOrg('employer');
		expect(await code(importSigningIdentity(offices.city.actor, employer.orgId, good))).toBe(
			'VALIDATION'
		);
		const reviewer = await makeOrg('cityOffice', { role: 'reviewer' });
		expect(await code(importSigningIdentity(reviewer.actor, offices.county.orgId, good))).toBe(
			'FORBIDDEN'
		);
		expect(
			await code(importSigningIdentity(offices.county.actor, offices.county.orgId, good))
		).toBe('FORBIDDEN');
	});
});

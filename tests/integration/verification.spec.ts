import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signArchiveFormToken } from '../../src/lib/domain/archive-form-token.js';
import { PINNED_CITY_ROOT_KEY } from '../../src/lib/city-root-pin.js';
import { fromBase64url } from '../../src/lib/domain/certificate-token.js';
import { AppError } from '../../src/lib/domain/errors.js';
import { keysFromJwks, verifyOffline } from '../../src/lib/domain/offline-verification.js';
import { statusIn, verifyStatusList } from '../../src/lib/domain/status-list.js';
import { revokeCertificate } from '../../src/lib/server/certificates/issue-certificate.js';
import { publicJwks, tokenKeyFor } from '../../src/lib/server/certificates/token-keys.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	archiveForms,
	certificates,
	throttle,
	verificationLog
} from '../../src/lib/server/db/schema/index.js';
import { checksOfHolder } from '../../src/lib/server/verification/list-holder-checks.js';
import { resetKeyRing } from '../../src/lib/server/verification/key-ring.js';
import { lookupCertificate } from '../../src/lib/server/verification/lookup-certificate.js';
import { getStatusList } from '../../src/lib/server/verification/get-status-list.js';
import {
	refreshStatus,
	resetStatusRegistry,
	statusVersion
} from '../../src/lib/server/verification/status-registry.js';
import {
	discardVerificationLog,
	flushVerificationLog
} from '../../src/lib/server/verification/verification-log.js';
import { verifyArchiveForm } from '../../src/lib/server/verification/verify-archive-form.js';
import {
	clearAuthenticityCache,
	publicResult,
	verifyCertificate
} from '../../src/lib/server/verification/verify-certificate.js';
import { employerWithApplicant, platform } from '../helpers/applications.js';
import { approvedRecognition } from '../helpers/certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg, validIdNumber } from '../helpers/factories.js';
import { registerPaperCertificate } from '../../src/lib/server/legacy/import-paper-certificates.js';
import {
	longestIdRun,
	resolveVectors,
	type ResolvedVector,
	type VectorSource
} from '../vectors/certificates.js';
import { materializeVectors } from '../vectors/materialize.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
let source: VectorSource;
let vectors: ResolvedVector[];
const origin = 'https://zc.example.cn';
const vector = (name: string) => vectors.find((v) => v.name === name)!;

beforeAll(async () => {
	handle = await freshDatabase();
	resetStatusRegistry();
	resetKeyRing();
	clearAuthenticityCache();
	discardVerificationLog();
	offices = await platform();
	source = await materializeVectors(offices);
	vectors = await resolveVectors(source);
}, 120_000);

afterAll(async () => {
	await flushVerificationLog();
	resetStatusRegistry();
	resetKeyRing();
	await handle.drop();
});

async function offlineData() {
	const keys = await keysFromJwks(await publicJwks(db()), fromBase64url(PINNED_CITY_ROOT_KEY)!);
	const { jws } = await getStatusList(origin);
	const checked = await verifyStatusList(jws, (kid) => keys.get(kid)?.publicKey);
	if (!checked.ok) throw new Error(`status list: ${checked.reason}`);
	return { keys, statusList: checked.list };
}

describe(`every shared vector, online (${backend})`, () => {
	it('covers each verdict at least once', () => {
		expect(new Set(vectors.map((v) => v.expect))).toEqual(
			new Set(['valid', 'void', 'revoked', 'notice', 'invalid'])
		);
	});

	it('reaches the expected verdict and reason, with fields only for genuine tokens', async () => {
		for (const v of vectors) {
			const r = publicResult(await verifyCertificate(v.token, { channel: 'api' }));
			expect({ name: v.name, verdict: r.verdict, reason: r.reason }).toEqual({
				name: v.name,
				verdict: v.expect,
				reason: v.reason
			});
			expect(r.mode).toBe('online');
			if (v.expect === 'invalid') {
				expect(r.certificate, v.name).toBeNull();
			} else {
				expect(r.certificate!.idNumberMasked, v.name).toMatch(/^[0-9]\*{16}[0-9X]$/);
				expect(r.certificate!.issuer.name, v.name).toMatch(/测试机构/);
			}
			const json = JSON.stringify(r);
			for (const id of source.idNumbers) expect(longestIdRun(json, id), v.name).toBeLessThan(7);
			expect(json).not.toMatch(/certificateId|photoAttachmentId|holderUserId/);
		}
	});

	it('dates the statuses: revoked and void since their day, a running notice until its last day', async () => {
		const revoked = await verifyCertificate(vector('revoked').token, { channel: 'api' });
		expect(revoked.statusSince).toBe('2026-02-03');
		const voided = await verifyCertificate(vector('void-reissued').token, { channel: 'api' });
		expect(voided.statusSince).toBe('2026-02-27');
		const notice = await verifyCertificate(vector('notice-running').token, { channel: 'api' });
		expect(notice.statusUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});
});

describe(`every shared vector, offline: cached JWKS and signed status list (${backend})`, () => {
	it('reaches the offline verdict of each vector, labelled with the list time', async () => {
		const data = await offlineData();
		for (const v of vectors) {
			const r = await verifyOffline(v.token, data);
			expect({ name: v.name, verdict: r.verdict }).toEqual({
				name: v.name,
				verdict: v.expectOffline
			});
			expect(r.mode).toBe('offline');
			expect(r.statusAsOf).toBe(new Date(data.statusList.claims.iat * 1000).toISOString());
		}
	});

	it('the status list is signed by the city office key in the JWKS and names the issuers', async () => {
		const { jws } = await getStatusList(origin);
		const [header] = jws.split('.');
		const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
		const city = await tokenKeyFor(db(), offices.city.orgId);
		expect(kid).toBe(city.kid);
		const data = await offlineData();
		expect(Object.values(data.statusList.claims.issuers)).toContain(
			(await verifyCertificate(vector('valid').token, { channel: 'api', log: false })).certificate!
				.issuer.name
		);
		expect((data.statusList.bits.length * 4) % 16_384).toBe(0);
	});
});

describe(`status kept in memory and refreshed (${backend})`, () => {
	it('a revocation made after the register was loaded shows once the registry refreshes, and changes the status list', async () => {
		const who = await employerWithApplicant('city');
		const app = await approvedRecognition(offices, who);
		const [cert] = await db()
			.select()
			.from(certificates)
			.where(eq(certificates.applicationId, app.id));
		// first sight of a certificate issued after the load: one lookup, then remembered
		expect((await verifyCertificate(cert.token, { channel: 'api' })).verdict).toBe('valid');
		const before = statusVersion();
		const listBefore = (await getStatusList(origin)).jws;
		await revokeCertificate(offices.city.actor, cert.id, '证书信息有误，依法撤销');
		await refreshStatus();
		expect(statusVersion()).toBeGreaterThan(before);
		expect((await verifyCertificate(cert.token, { channel: 'api' })).verdict).toBe('revoked');
		const after = await getStatusList(origin);
		expect(after.jws).not.toBe(listBefore);
		const data = await offlineData();
		expect(statusIn(data.statusList, cert.certificateNo)).toBe('revoked');
	});
});

describe(`verification log (${backend})`, () => {
	beforeEach(() => flushVerificationLog());

	it('folds repeated checks into one row per window, records the verifying organisation, never the IP', async () => {
		const employer = await makeOrg('employer');
		const token = vector('rotated-key-still-valid').token;
		for (let i = 0; i < 25; i++)
			await verifyCertificate(token, {
				channel: 'scan',
				verifierOrgId: employer.orgId,
				clientAddress: '203.0.113.7'
			});
		await verifyCertificate(token, { channel: 'page', clientAddress: '203.0.113.8' });
		await flushVerificationLog();
		const rows = await db().select().from(verificationLog);
		const scan = rows.find((r) => r.channel === 'scan' && r.verifierOrgId === employer.orgId)!;
		expect(scan.count).toBe(25);
		expect(scan.verdict).toBe('valid');
		expect(scan.clientHash).toMatch(/^[0-9a-f]{16}$/);
		expect(JSON.stringify(rows)).not.toContain('203.0.113');
		const page = rows.find((r) => r.channel === 'page' && r.clientHash !== scan.clientHash);
		expect(page?.verifierOrgId).toBeNull();
	});

	it('the holder sees when and by whom their certificate was checked; forged checks are not shown', async () => {
		const who = await employerWithApplicant('city');
		const app = await approvedRecognition(offices, who);
		const [cert] = await db()
			.select()
			.from(certificates)
			.where(eq(certificates.applicationId, app.id));
		const employer = await makeOrg('employer');
		await verifyCertificate(cert.token, { channel: 'scan', verifierOrgId: employer.orgId });
		await verifyCertificate(cert.token, { channel: 'page' });
		await flushVerificationLog();
		const checks = await checksOfHolder(who.applicant.user.id);
		expect(checks.map((c) => [c.verifier, c.channel, c.certificateNo]).sort()).toEqual(
			[
				[null, 'page', cert.certificateNo],
				[
					(await db().query.organisations.findFirst({
						where: (o, { eq }) => eq(o.id, employer.orgId)
					}))!.name,
					'scan',
					cert.certificateNo
				]
			].sort()
		);
		expect(await checksOfHolder(offices.city.user.id)).toEqual([]);
	});

	it('writes in batches: nothing per verification until the flush', async () => {
		const count = async () => (await db().select().from(verificationLog)).length;
		const before = await count();
		await verifyCertificate(vector('valid').token, {
			channel: 'api',
			clientAddress: '198.51.100.1'
		});
		expect(await count()).toBe(before);
		await flushVerificationLog();
		expect(await count()).toBe(before + 1);
	});
});

describe(`lookup by number and name (${backend})`, () => {
	beforeEach(() => db().delete(throttle));

	it('finds the certificate only when both match, and a wrong pair says nothing about which part', async () => {
		const who = await employerWithApplicant('city');
		const app = await approvedRecognition(offices, who);
		const [cert] = await db()
			.select()
			.from(certificates)
			.where(eq(certificates.applicationId, app.id));
		const ctx = { clientAddress: '192.0.2.10' };
		const ok = await lookupCertificate(
			{
				certificateNo: ` ${cert.certificateNo} `,
				name: ` ${cert.holderName.split('').join(' ')} `
			},
			ctx
		);
		expect(ok.ok && ok.result.verdict).toBe('valid');
		const wrongName = await lookupCertificate(
			{ certificateNo: cert.certificateNo, name: '张三' },
			ctx
		);
		const wrongNo = await lookupCertificate(
			{ certificateNo: '4502202621999999', name: cert.holderName },
			ctx
		);
		expect(wrongName).toEqual({ ok: false, notFound: true });
		expect(wrongNo).toEqual(wrongName);
		expect(await lookupCertificate({ certificateNo: '', name: '' }, ctx)).toEqual({
			ok: false,
			fields: { certificateNo: '请填写证书编号', name: '请填写持证人姓名' }
		});
	});

	it('finds a registered paper certificate by number and name, without its ID number', async () => {
		const idNumber = validIdNumber();
		await registerPaperCertificate(offices.city.actor, {
			holderName: '黄晓琰',
			idNumber,
			series: 'engineering',
			qualification: '工程师',
			level: '中级',
			certificateNo: 'GX2015-GC-00731',
			issuedOn: '2015-12-20',
			issuingOffice: '柳州市职称改革工作领导小组办公室'
		});
		const found = await lookupCertificate(
			{ certificateNo: 'GX2015-GC-00731', name: '黄晓琰' },
			{ clientAddress: '192.0.2.30' }
		);
		if (!found.ok || !('result' in found)) throw new Error('not found');
		expect(found.result).toMatchObject({
			verdict: 'valid',
			paper: true,
			certificate: { qualification: '工程师', series: '工程技术', issueDate: '2015-12-20' }
		});
		expect(longestIdRun(JSON.stringify(found.result), idNumber)).toBeLessThan(7);
		expect(
			await lookupCertificate(
				{ certificateNo: 'GX2015-GC-00731', name: '黄晓' },
				{ clientAddress: '192.0.2.30' }
			)
		).toEqual({ ok: false, notFound: true });
	});

	it('is limited per IP: the 21st attempt in 10 minutes is refused, another IP is not affected', async () => {
		const attempt = (ip: string) =>
			lookupCertificate({ certificateNo: '4502202621000001', name: '李四' }, { clientAddress: ip });
		for (let i = 0; i < 20; i++) expect(await attempt('192.0.2.20')).toMatchObject({ ok: false });
		await expect(attempt('192.0.2.20')).rejects.toSatisfy(
			(e) => e instanceof AppError && e.code === 'RATE_LIMITED'
		);
		expect(await attempt('192.0.2.21')).toMatchObject({ notFound: true });
	});
});

describe(`archive forms (${backend})`, () => {
	it('a genuine form QR verifies against the register; another digest or key does not', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await approvedRecognition(offices, who);
		const [form] = await db()
			.select()
			.from(archiveForms)
			.where(eq(archiveForms.applicationId, app.id));
		const key = await tokenKeyFor(db(), form.issuerOrgId);
		const token = await signArchiveFormToken(form, key);
		const ok = await verifyArchiveForm(token, { channel: 'page' });
		expect(ok).toMatchObject({
			verdict: 'valid',
			form: {
				formNo: form.formNo,
				kindLabel: '专业技术人员职称认定表',
				applicantName: who.applicant.user.name
			}
		});
		const otherContent = await signArchiveFormToken(
			{ formNo: form.formNo, contentSha256: 'ab'.repeat(32) },
			key
		);
		expect((await verifyArchiveForm(otherContent, { channel: 'page' })).reason).toBe(
			'content-mismatch'
		);
		const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA');
		expect((await verifyArchiveForm(forged, { channel: 'page' })).verdict).toBe('invalid');
		expect((await verifyArchiveForm('F1.garbage', { channel: 'page' })).reason).toBe('malformed');
	});
});

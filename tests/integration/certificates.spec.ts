import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchiveFormToken } from '../../src/lib/domain/archive-form-token.js';
import { verifyToken } from '../../src/lib/domain/certificate-token.js';
import { AppError } from '../../src/lib/domain/errors.js';
import { submitApplication } from '../../src/lib/server/applications/submit-application.js';
import { transitionApplication } from '../../src/lib/server/applications/transition-application.js';
import { downloadArchiveForm } from '../../src/lib/server/certificates/archive-form.js';
import {
	issueCertificate,
	revokeCertificate
} from '../../src/lib/server/certificates/issue-certificate.js';
import {
	certificateDataOf,
	downloadCertificate
} from '../../src/lib/server/certificates/issued-pdf.js';
import {
	publicJwks,
	rotateTokenKey,
	tokenPublicKey
} from '../../src/lib/server/certificates/token-keys.js';
import { chineseDate, fieldValues } from '../../src/lib/server/certificates/render-pdf.js';
import { fieldLabels, valueBox } from '../../src/lib/server/certificates/layout.js';
import { setClock } from '../../src/lib/server/clock.js';
import { listNotifications } from '../../src/lib/server/notifications/inbox.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	applications,
	archiveForms,
	auditLog,
	certificates,
	type Certificate
} from '../../src/lib/server/db/schema/index.js';
import { fromBase64url, toQrToken } from '../../src/lib/domain/certificate-token.js';
import {
	completeDraft,
	employerWithApplicant,
	platform,
	reload,
	submitted
} from '../helpers/applications.js';
import {
	approve,
	approvedRecognition,
	attachPhoto,
	conferredEvaluation
} from '../helpers/certificates.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';
import {
	countInk,
	lacks,
	rasterize,
	readQrCodes,
	run,
	writeTemp
} from '../fixtures/certificates/tools.js';

const origin = 'https://zc.example.cn';
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(async () => {
	setClock(undefined);
	await handle.drop();
});

async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
}

async function certificateOf(applicationId: string): Promise<Certificate> {
	const [c] = await db()
		.select()
		.from(certificates)
		.where(eq(certificates.applicationId, applicationId));
	return c;
}

const resolveKey = (kid: string) => tokenPublicKey(db(), kid);

describe(`issuance (${backend})`, () => {
	it('a county office approving a junior recognition issues one certificate, numbered and signed by that office', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await approvedRecognition(offices, who, 'junior');
		expect(app.state).toBe('approved');
		const cert = await certificateOf(app.id);
		expect(cert).toBeDefined();
		expect(cert.status).toBe('valid');
		expect(cert.issuerOrgId).toBe(offices.county.orgId);
		expect(cert.issuerCode).toBe('450206');
		expect(cert.level).toBe('junior');
		expect(cert.style).toBe('junior');
		expect(cert.obtainedBy).toBe('认定');
		expect(cert.qualification).toBe('助理工程师');
		expect(cert.holderUserId).toBe(who.applicant.user.id);
		const year = cert.issuedOn.slice(0, 4);
		expect(cert.certificateNo).toMatch(new RegExp(`^4502${year}11\\d{6}$`));
		expect(cert.managementNo).toMatch(new RegExp(`^450206${year}\\d{6}$`));
		expect(cert.idNumberMasked).toBe(
			`${who.applicant.idNumber.slice(0, 6)}********${who.applicant.idNumber.slice(14)}`
		);
		expect(cert.photoAttachmentId).not.toBeNull();
		const verified = await verifyToken(cert.token, resolveKey);
		expect(verified.ok && verified.payload.certificateNo).toBe(cert.certificateNo);
		expect(verified.ok && verified.payload.idNumberMasked).toMatch(/^4\*{16}[0-9X]$/);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'certificate.issue'), eq(auditLog.objectId, cert.id)));
		expect(audit).toHaveLength(1);
		expect(audit[0].actorOrgId).toBe(offices.county.orgId);
		expect(JSON.stringify(audit[0].detail)).not.toContain(who.applicant.idNumber);
		const [form] = await db()
			.select()
			.from(archiveForms)
			.where(eq(archiveForms.applicationId, app.id));
		expect(form.kind).toBe('recognition');
	});

	it('the final approval tells the holder the certificate is ready and leads to it', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await approvedRecognition(offices, who, 'junior');
		const cert = await certificateOf(app.id);
		const { rows } = await listNotifications(who.applicant.actor);
		const [last, ...earlier] = rows;
		expect(last.text).toContain('职称电子证书已签发');
		expect(last.certificateId).toBe(cert.id);
		expect(earlier.length).toBeGreaterThan(0);
		for (const n of earlier) {
			expect(n.text).not.toContain('职称电子证书');
			expect(n.certificateId).toBeNull();
		}
		// the office's own queue notices never lead to a holder's certificate
		const office = await listNotifications(offices.county.actor);
		expect(office.rows.every((n) => n.certificateId === null)).toBe(true);
	});

	it('issuing again for the same application returns the same certificate, no second number', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await approvedRecognition(offices, who, 'intermediate');
		const first = await certificateOf(app.id);
		const again = await db().transaction((tx) =>
			issueCertificate(tx, app, { issuerOrgId: offices.county.orgId, actorUserId: null })
		);
		expect(again.id).toBe(first.id);
		const rows = await db()
			.select()
			.from(certificates)
			.where(eq(certificates.applicationId, app.id));
		expect(rows).toHaveLength(1);
	});

	it.skipIf(lacks('pdftotext'))(
		'a conferral issues an intermediate certificate by the city office, with the document number and committee',
		async () => {
			const { app } = await conferredEvaluation(offices, '柳职改字〔2026〕21号');
			expect(app.state).toBe('conferred');
			const cert = await certificateOf(app.id);
			expect(cert.issuerOrgId).toBe(offices.city.orgId);
			expect(cert.issuerCode).toBe('450200');
			expect(cert.documentNumber).toBe('柳职改字〔2026〕21号');
			expect(cert.conferredOn).toBe('2026-02-27');
			expect(cert.committeeName).toMatch(/^测试机构\d+号$/);
			expect(cert.obtainedBy).toBe('评审');
			// the notice's template 附件1: the PDF is titled as the template is
			const { pdf } = await downloadCertificate(offices.city.actor, cert.id, origin);
			const text = run('pdftotext', [writeTemp('intermediate.pdf', pdf), '-']).output;
			expect(text).toContain('广西柳州市中级职称电子证书');
			expect(text.replace(/\s+/g, '')).toContain(`评委会名称${cert.committeeName}`);
			expect(cert.style).toBe('intermediate');
			expect(cert.certificateNo).toMatch(/^4502\d{4}21\d{6}$/);
			expect(cert.conferralId).toBe(app.conferralId);
		}
	);

	it("a reconfirmation names no committee but the original certificate's issuing authority", async () => {
		const who = await employerWithApplicant('liujiang');
		let app = await submitted('reconfirmation', who);
		for (const actor of [who.employer.actor, who.supervisor.actor, offices.county.actor])
			app = await approve(actor, app);
		const cert = await certificateOf(app.id);
		expect(cert.obtainedBy).toBe('重新确认');
		expect(cert.committeeName).toBe('重新确认（原发证机关：南宁市职称改革工作领导小组办公室）');
	});

	it('a failing issuance rolls the approval back: nothing half-written', async () => {
		const who = await employerWithApplicant('liujiang');
		const { submitted } = await import('../helpers/applications.js');
		let app = await submitted('recognition', who, { level: 'junior', qualification: '助理工程师' });
		app = await approve(who.employer.actor, app);
		app = await approve(who.supervisor.actor, app);
		// the holder's ID number becomes unreadable: issuance must fail, and the approval with it
		const { users } = await import('../../src/lib/server/db/schema/index.js');
		await db().update(users).set({ idNumberEnc: null }).where(eq(users.id, who.applicant.user.id));
		await db()
			.update(applications)
			.set({ content: { ...app.content, personal: { idNumber: '123' } } })
			.where(eq(applications.id, app.id));
		expect(await code(approve(offices.county.actor, await reload(app.id)))).toBe('VALIDATION');
		expect((await reload(app.id)).state).toBe('awaitingTierOffice');
		expect(await certificateOf(app.id)).toBeUndefined();
	});
});

describe(`the issued certificate's PDF, through the database (${backend})`, () => {
	let cert: Certificate;
	let holder: Awaited<ReturnType<typeof employerWithApplicant>>;
	let pdf: Uint8Array;
	let path: string;

	beforeAll(async () => {
		holder = await employerWithApplicant('liujiang');
		const app = await approvedRecognition(offices, holder, 'junior');
		cert = await certificateOf(app.id);
		pdf = (await downloadCertificate(holder.applicant.actor, cert.id, origin)).pdf;
		path = writeTemp('issued.pdf', pdf);
	});

	it.skipIf(lacks('pdftotext'))(
		'pdftotext returns every field of the row in template order',
		() => {
			const text = run('pdftotext', ['-layout', path, '-']).output.replace(/\s+/g, '');
			const data = certificateDataOf(cert);
			const values = fieldValues(data, {
				style: 'junior',
				verifyUrl: `${origin}/v/x`,
				issuer: { name: '', sealCode: '' }
			});
			let cursor = 0;
			for (const label of fieldLabels) {
				for (const piece of [label, values[label].replace(/\s+/g, '')]) {
					const at = text.indexOf(piece, cursor);
					expect(at, `"${piece}"`).toBeGreaterThanOrEqual(0);
					cursor = at + piece.length;
				}
			}
			expect(text).toContain(cert.issuerName);
			expect(text).toContain(`发证时间：${chineseDate(cert.issuedOn)}`);
			expect(text).toContain(holder.applicant.idNumber);
			expect(text).toContain('广西柳州市初级职称电子证书');
		}
	);

	it.skipIf(lacks('pdftotext'))(
		'a recognition prints that no committee was involved, not the office, under 评委会名称',
		() => {
			expect(cert.committeeName).toBe('无（职称认定，不经评委会评审）');
			const lines = run('pdftotext', [path, '-']).output.split(/\n+/);
			const at = lines.indexOf('评委会名称');
			expect(at).toBeGreaterThanOrEqual(0);
			expect(lines).toContain('无（职称认定，不经评委会评审）');
			const flat = lines.join('');
			expect(flat).toContain('评委会名称无（职称认定，不经评委会评审）');
			expect(flat).not.toContain(`评委会名称${cert.issuerName}`);
		}
	);

	it.skipIf(lacks('pdftotext'))(
		'the letter-spaced labels extract as words (searchable text layer)',
		() => {
			for (const args of [
				[path, '-'],
				['-layout', path, '-']
			]) {
				const words = run('pdftotext', args).output.split(/\s+/);
				for (const label of fieldLabels) expect(words, `${label} (${args[0]})`).toContain(label);
				expect(words).toContain('广西柳州市初级职称电子证书');
				expect(words).toContain('扫码查验证书真伪');
			}
		}
	);

	it.skipIf(lacks('pdftoppm'))(
		'pdftoppm shows the glyphs of the name are really drawn',
		async () => {
			const raster = await rasterize(path, 100);
			const box = valueBox('姓名');
			const cell = (i: number) => ({ x: box.x + 11 + i * 11, y: box.y + 5, width: 11, height: 17 });
			for (const i of [0, 1, 2]) expect(countInk(raster, cell(i)), `glyph ${i}`).toBeGreaterThan(8);
		}
	);

	it.skipIf(lacks('pdftoppm', 'zbarimg'))(
		'zbarimg decodes the QR to <ORIGIN>/V/<token in digits>, and it verifies with the published key',
		async () => {
			const raster = await rasterize(path, 150);
			const url = `${origin.toUpperCase()}/V/${toQrToken(cert.token)}`;
			expect(readQrCodes(raster.png)).toEqual([url]);
			const jwks = await publicJwks(db());
			const keys = new Map(jwks.keys.map((k) => [k.kid, fromBase64url(k.x)!]));
			const result = await verifyToken(url.slice(`${origin}/V/`.length), (kid) => keys.get(kid));
			expect(result.ok).toBe(true);
			if (result.ok) {
				expect(result.payload.name).toBe(cert.holderName);
				expect(result.payload.issuerCode).toBe('450206');
			}
		}
	);

	it.skipIf(lacks('pdfsig'))(
		'pdfsig: valid over the whole document; one altered byte gives a digest mismatch',
		() => {
			const report = run('pdfsig', [path]).output;
			expect(report).toContain('Signature is Valid');
			expect(report).toContain('Total document signed');
			expect(report).toContain(`Signer Certificate Common Name: ${cert.issuerName}`);
			const tampered = pdf.slice();
			const at = Math.floor(Buffer.from(pdf).indexOf('/Contents <') / 2);
			tampered[at] = tampered[at] === 0x31 ? 0x32 : 0x31;
			const bad = run('pdfsig', [writeTemp('tampered.pdf', tampered)]).output;
			expect(bad).toContain('Digest Mismatch');
			expect(bad).not.toContain('Signature is Valid');
		}
	);

	it('the holder downloads any number of times; strangers may not; every download is audited', async () => {
		const again = await downloadCertificate(holder.applicant.actor, cert.id, origin);
		if (!lacks('pdfsig'))
			expect(run('pdfsig', [writeTemp('again.pdf', again.pdf)]).output).toContain(
				'Signature is Valid'
			);
		const stranger = await employerWithApplicant('liujiang');
		expect(await code(downloadCertificate(stranger.applicant.actor, cert.id, origin))).toBe(
			'FORBIDDEN'
		);
		expect(await code(downloadCertificate(stranger.employer.actor, cert.id, origin))).toBe(
			'FORBIDDEN'
		);
		expect(await code(downloadCertificate(holder.applicant.actor, 'nonsense', origin))).toBe(
			'NOT_FOUND'
		);
		const downloads = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'certificate.download'), eq(auditLog.objectId, cert.id)));
		expect(downloads.length).toBeGreaterThanOrEqual(2);
	});
});

describe(`reissue and revocation (${backend})`, () => {
	it('a reissue voids the lost certificate, which points to its replacement', async () => {
		const who = await employerWithApplicant('liujiang');
		const first = await approvedRecognition(offices, who, 'junior');
		const old = await certificateOf(first.id);

		const id = randomUUID();
		const content = completeDraft('reissue', {
			name: who.applicant.user.name,
			idNumber: who.applicant.idNumber,
			mobile: who.applicant.mobile,
			employerId: who.employer.orgId,
			level: 'junior',
			qualification: '助理工程师'
		});
		content.titlesHeld[0].certificateNo = old.certificateNo;
		await db()
			.insert(applications)
			.values({
				id,
				applicantId: who.applicant.user.id,
				kind: 'reissue',
				employerId: who.employer.orgId,
				level: 'junior',
				series: 'engineering',
				applicantName: who.applicant.user.name,
				content: content as unknown as Record<string, unknown>
			});
		setClock(() => new Date('2026-03-02T02:00:00Z'));
		let app = (
			await transitionApplication(who.applicant.actor, id, {
				event: { type: 'publishNotice' },
				expectedVersion: 1
			})
		).application;
		setClock(() => new Date('2026-03-12T02:00:00Z'));
		app = (await submitApplication(who.applicant.actor, id, app.version)).application;
		await attachPhoto(app);
		app = await approve(who.employer.actor, app);
		app = await approve(who.supervisor.actor, app);
		app = await approve(offices.county.actor, app, '遗失补办，同意');
		setClock(undefined);
		expect(app.state).toBe('approved');

		const replacement = await certificateOf(app.id);
		const voided = (await db().select().from(certificates).where(eq(certificates.id, old.id)))[0];
		expect(voided.status).toBe('void');
		expect(voided.replacedBy).toBe(replacement.id);
		expect(voided.voidReason).toBe('遗失补办');
		expect(replacement.replaces).toBe(old.id);
		expect(replacement.status).toBe('valid');
		expect(replacement.certificateNo).not.toBe(old.certificateNo);
		expect(replacement.obtainedBy).toBe(old.obtainedBy);
		expect(replacement.conferredOn).toBe(old.conferredOn);
		expect(await code(downloadCertificate(who.applicant.actor, old.id, origin))).toBe(
			'CERTIFICATE_NOT_AVAILABLE'
		);
		const voidAudit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'certificate.void'), eq(auditLog.objectId, old.id)));
		expect(voidAudit).toHaveLength(1);
	});

	it('only the city office revokes, with a reason; the revocation records reason and actor', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await approvedRecognition(offices, who, 'intermediate');
		const cert = await certificateOf(app.id);
		expect(await code(revokeCertificate(offices.county.actor, cert.id, '材料造假'))).toBe(
			'FORBIDDEN'
		);
		expect(await code(revokeCertificate(who.applicant.actor, cert.id, '材料造假'))).toBe(
			'FORBIDDEN'
		);
		expect(await code(revokeCertificate(offices.city.actor, cert.id, ' '))).toBe('VALIDATION');
		expect(await code(revokeCertificate(offices.city.actor, cert.id, '理'.repeat(501)))).toBe(
			'VALIDATION'
		);
		const revoked = await revokeCertificate(
			offices.city.actor,
			cert.id,
			'经核查，申报材料中的学历证书系伪造'
		);
		expect(revoked.status).toBe('revoked');
		expect(revoked.revokedBy).toBe(offices.city.user.id);
		expect(revoked.revokeReason).toBe('经核查，申报材料中的学历证书系伪造');
		expect(revoked.revokedAt).toBeInstanceOf(Date);
		const [entry] = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'certificate.revoke'), eq(auditLog.objectId, cert.id)));
		expect(entry.actorUserId).toBe(offices.city.user.id);
		expect(entry.actorOrgId).toBe(offices.city.orgId);
		expect((entry.detail as { reason: string }).reason).toBe('经核查，申报材料中的学历证书系伪造');
		expect(await code(revokeCertificate(offices.city.actor, cert.id, '再次撤销'))).toBe(
			'INVALID_STATE'
		);
		expect(await code(downloadCertificate(who.applicant.actor, cert.id, origin))).toBe(
			'CERTIFICATE_NOT_AVAILABLE'
		);
	});
});

describe(`keys and rotation (${backend})`, () => {
	it('after rotation new certificates use the new key, the JWKS lists both, and old tokens still verify', async () => {
		const before = await employerWithApplicant('liujiang');
		const oldCert = await certificateOf((await approvedRecognition(offices, before)).id);
		const newKid = await db().transaction((tx) => rotateTokenKey(tx, offices.county.orgId));
		expect(newKid).not.toBe(oldCert.tokenKid);

		const after = await employerWithApplicant('liujiang');
		const newCert = await certificateOf((await approvedRecognition(offices, after)).id);
		expect(newCert.tokenKid).toBe(newKid);

		const jwks = await publicJwks(db());
		const oldJwk = jwks.keys.find((k) => k.kid === oldCert.tokenKid)!;
		const newJwk = jwks.keys.find((k) => k.kid === newKid)!;
		expect(oldJwk.retired).toBeTypeOf('number');
		expect(newJwk.retired).toBeUndefined();
		for (const k of [oldJwk, newJwk]) {
			expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
			expect(k.nbf).toBeTypeOf('number');
			expect(JSON.stringify(k)).not.toMatch(/"d"/);
		}
		const keys = new Map(jwks.keys.map((k) => [k.kid, fromBase64url(k.x)!]));
		for (const c of [oldCert, newCert]) {
			expect((await verifyToken(c.token, (kid) => keys.get(kid))).ok).toBe(true);
		}
	});
});

describe(`archive forms (${backend})`, () => {
	it.skipIf(lacks('pdftotext', 'pdfsig', 'pdftoppm', 'zbarimg'))(
		'the employer downloads the sealed 认定表: every step, org and opinion, its own QR, a valid signature',
		async () => {
			const who = await employerWithApplicant('liujiang');
			const app = await approvedRecognition(offices, who, 'junior');
			const { pdf, filename } = await downloadArchiveForm(who.employer.actor, app.id, origin);
			expect(filename).toMatch(/^RD[A-Z0-9]+\.pdf$/);
			const path = writeTemp('form.pdf', pdf);
			const text = run('pdftotext', ['-layout', path, '-']).output.replace(/\s+/g, '');
			expect(text).toContain('专业技术人员职称认定表');
			for (const piece of [
				'情况属实，同意推荐',
				'同意上报',
				'经审核，符合认定条件，同意认定',
				'审核人：',
				who.applicant.user.name
			])
				expect(text).toContain(piece);
			expect(run('pdfsig', [path]).output).toContain('Signature is Valid');
			// Print resolution: the form's 25 mm QR has 0.4 mm modules, too fine for zbar at 150 dpi.
			const raster = await rasterize(path, 300);
			const codes = readQrCodes(raster.png);
			expect(codes).toHaveLength(1);
			const url = codes[0];
			expect(url.startsWith(`${origin}/v/f/`)).toBe(true);
			const result = await verifyArchiveFormToken(url.slice(`${origin}/v/f/`.length), resolveKey);
			expect(result).toMatchObject({ ok: true });

			const other = await makeOrg('employer');
			expect(await code(downloadArchiveForm(other.actor, app.id, origin))).toBe('FORBIDDEN');
			expect(await code(downloadArchiveForm(who.applicant.actor, app.id, origin))).toBe(
				'FORBIDDEN'
			);
		}
	);

	it('before the final approval the form is not ready', async () => {
		const who = await employerWithApplicant('liujiang');
		const { submitted } = await import('../helpers/applications.js');
		let app = await submitted('recognition', who, { level: 'junior', qualification: '助理工程师' });
		app = await approve(who.employer.actor, app);
		expect(await code(downloadArchiveForm(who.employer.actor, app.id, origin))).toBe(
			'ARCHIVE_FORM_NOT_READY'
		);
	});
});

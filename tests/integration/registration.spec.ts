import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import { registerApplicant } from '../../src/lib/server/accounts/register-applicant.js';
import { db } from '../../src/lib/server/db/index.js';
import { files, organisations, users } from '../../src/lib/server/db/schema/index.js';
import { readLicence } from '../../src/lib/server/organisations/queries.js';
import {
	registerEmployer,
	type EmployerInput
} from '../../src/lib/server/organisations/register-employer.js';
import { reviewEmployer } from '../../src/lib/server/organisations/review-employer.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { makeOrg, validCreditCode, validIdNumber, validMobile } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let supervisorId: string;
beforeAll(async () => {
	handle = await freshDatabase();
	supervisorId = (await makeOrg('supervisor')).orgId;
});
afterAll(() => handle.drop());

async function counts() {
	const [row] = await db()
		.execute<{ u: number; o: number; f: number }>(
			sql`select (select count(*)::int from users) as u, (select count(*)::int from organisations) as o, (select count(*)::int from files) as f`
		)
		.then((r) =>
			Array.isArray(r) ? r : (r as unknown as { rows: { u: number; o: number; f: number }[] }).rows
		);
	return row;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected the use case to refuse');
}

const jpegWithGps = () =>
	sharp({ create: { width: 40, height: 30, channels: 3, background: '#eee' } })
		.jpeg()
		.withMetadata({ exif: { IFD0: { Copyright: 'GPS-SECRET-MARKER' } } })
		.toBuffer();

async function employerInput(overrides: Partial<EmployerInput> = {}): Promise<EmployerInput> {
	return {
		name: '柳州市某某机械有限公司',
		creditCode: validCreditCode(),
		tier: 'liunan',
		supervisorId,
		contactName: '陆海涛',
		contactMobile: validMobile(),
		username: `emp${Math.floor(Math.random() * 1e9)}`,
		password: 'Employer-Pass-88',
		passwordConfirm: 'Employer-Pass-88',
		licence: new File([await jpegWithGps()], 'licence.jpg', { type: 'image/jpeg' }),
		...overrides
	};
}

describe(`registration (${backend})`, () => {
	it('stores ID and mobile numbers encrypted, with a blind index, never in clear', async () => {
		const idNumber = validIdNumber();
		const mobile = validMobile();
		const user = await registerApplicant({
			name: '覃志堃',
			idNumber: idNumber.toLowerCase(),
			mobile,
			password: 'Strong-Pass-2026',
			passwordConfirm: 'Strong-Pass-2026'
		});
		const [raw] = await db().select().from(users).where(eq(users.id, user.id));
		const dump = JSON.stringify(raw);
		expect(dump).not.toContain(idNumber);
		expect(dump).not.toContain(mobile);
		expect(raw.idNumberEnc).toMatch(/^v1\./);
		expect(raw.idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
	});

	it('refuses malformed fields with a Chinese message per field and writes nothing', async () => {
		const before = await counts();
		const e = await failure(
			registerApplicant({
				name: '<script>',
				idNumber: '450202199001011234',
				mobile: '12345',
				password: '12345678',
				passwordConfirm: 'x'
			})
		);
		expect(e.code).toBe('VALIDATION');
		expect(Object.keys(e.fields).sort()).toEqual(['idNumber', 'mobile', 'name', 'password']);
		for (const message of Object.values(e.fields)) expect(message).toMatch(/[\u4e00-\u9fff]/);
		expect(await counts()).toEqual(before);
	});

	it('refuses a duplicate ID number, whatever its case', async () => {
		const idNumber = validIdNumber();
		await registerApplicant({
			name: '莫喆',
			idNumber,
			mobile: validMobile(),
			password: 'Strong-Pass-2026',
			passwordConfirm: 'Strong-Pass-2026'
		});
		const before = await counts();
		const e = await failure(
			registerApplicant({
				name: '莫喆',
				idNumber: idNumber.toLowerCase(),
				mobile: validMobile(),
				password: 'Strong-Pass-2026',
				passwordConfirm: 'Strong-Pass-2026'
			})
		);
		expect(e.code).toBe('DUPLICATE_ID_NUMBER');
		expect(e.message).toContain('已注册');
		expect(await counts()).toEqual(before);
	});

	it('registers an employer as pending with its licence re-encoded without EXIF', async () => {
		const input = await employerInput();
		const { organisationId } = await registerEmployer(input);
		const [org] = await db()
			.select()
			.from(organisations)
			.where(eq(organisations.id, organisationId));
		expect(org.status).toBe('pending');
		const city = await makeOrg('cityOffice');
		const licence = await readLicence(city.actor, organisationId);
		expect(licence.mime).toBe('image/jpeg');
		expect(Buffer.from(licence.data).includes(Buffer.from('GPS-SECRET-MARKER'))).toBe(false);
		const meta = await sharp(Buffer.from(licence.data)).metadata();
		expect(meta.exif).toBeUndefined();
	});

	it('refuses an executable renamed .pdf, an oversize file and a truncated PDF, writing nothing', async () => {
		const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(200).fill(0)]);
		const mz = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, ...new Array(300).fill(0)]);
		const big = new Uint8Array(10 * 1024 * 1024 + 1);
		big.set(new TextEncoder().encode('%PDF-1.7\n'));
		const truncated = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
		const before = await counts();
		for (const [bytes, code] of [
			[elf, 'VALIDATION'],
			[mz, 'VALIDATION'],
			[big, 'VALIDATION'],
			[truncated, 'VALIDATION']
		] as const) {
			const e = await failure(
				registerEmployer(
					await employerInput({
						licence: new File([bytes], 'licence.pdf', { type: 'application/pdf' })
					})
				)
			);
			expect(e.code).toBe(code);
			expect(e.fields.licence).toMatch(/PDF|10 MB/);
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses a duplicate credit code and a bad check character', async () => {
		const creditCode = validCreditCode();
		await registerEmployer(await employerInput({ creditCode }));
		const before = await counts();
		expect(
			(
				await failure(
					registerEmployer(await employerInput({ creditCode: creditCode.toLowerCase() }))
				)
			).code
		).toBe('DUPLICATE_CREDIT_CODE');
		const wrong = creditCode.slice(0, 17) + (creditCode.endsWith('0') ? '1' : '0');
		const e = await failure(registerEmployer(await employerInput({ creditCode: wrong })));
		expect(e.fields.creditCode).toBeTruthy();
		expect(await counts()).toEqual(before);
	});

	it('a pending employer can see its status but cannot act; approval lets it act', async () => {
		const { organisationId, userId } = await registerEmployer(await employerInput());
		const [user] = await db().select().from(users).where(eq(users.id, userId));
		const { actorOf } = await import('../../src/lib/server/auth/actor.js');
		const pending = await actorOf(user);
		expect((await failure(readLicence(pending, organisationId))).code).toBe('ORGANISATION_PENDING');
		const city = await makeOrg('cityOffice');
		await reviewEmployer(city.actor, organisationId, { approve: true });
		const active = await actorOf(user);
		await expect(readLicence(active, organisationId)).resolves.toHaveProperty('mime', 'image/jpeg');
		// A second decision on the same registration is refused.
		expect(
			(
				await failure(
					reviewEmployer(city.actor, organisationId, { approve: false, reason: '材料不全' })
				)
			).code
		).toBe('INVALID_STATE');
	});

	it('a rejection needs a reason and is recorded with it', async () => {
		const { organisationId } = await registerEmployer(await employerInput());
		const city = await makeOrg('cityOffice');
		expect(
			(await failure(reviewEmployer(city.actor, organisationId, { approve: false, reason: ' ' })))
				.fields.reason
		).toBeTruthy();
		await reviewEmployer(city.actor, organisationId, {
			approve: false,
			reason: '营业执照不清晰，请重新上传'
		});
		const [org] = await db()
			.select()
			.from(organisations)
			.where(eq(organisations.id, organisationId));
		expect(org.status).toBe('rejected');
		expect(org.rejectionReason).toBe('营业执照不清晰，请重新上传');
		const fileCount = await db().select({ id: files.id }).from(files);
		expect(fileCount.length).toBeGreaterThan(0);
	});
});

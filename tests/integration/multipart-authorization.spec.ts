import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/lib/domain/errors.js';
import type { Actor } from '../../src/lib/domain/policy.js';
import { parsePemPair, parsePkcs12 } from '../../src/lib/server/certificates/import-identity.js';
import { MAX_KDF_ITERATIONS } from '../../src/lib/server/certificates/kdf-cost.js';
import {
	generateDemoCa,
	issueOrgCertificate,
	toPem
} from '../../src/lib/server/certificates/keys.js';
import * as keysPage from '../../src/routes/(app)/admin/certificates/keys/+page.server.js';
import * as creditPage from '../../src/routes/(app)/records/credit/+page.server.js';
import * as paperImportPage from '../../src/routes/(app)/records/paper-certificates/import/+page.server.js';
import * as newOrgPage from '../../src/routes/(app)/admin/organisations/new/+page.server.js';
import * as registerEmployerPage from '../../src/routes/register/employer/+page.server.js';
import { hit, limits } from '../../src/lib/server/auth/throttle.js';
import { employerWithApplicant, platform } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';

/*
 * No expensive work before authorization (issue 10.5): a signed-in applicant posting a PKCS#12
 * with 4 000 000 PBKDF2 iterations to the key import froze the server for 12 s before being
 * refused. Every multipart action now checks the session and the permission before it reads
 * the body, and key files are refused above an iteration cap before any derivation runs.
 */
const ORIGIN = 'http://localhost:4173';
const dir = mkdtempSync(join(tmpdir(), 'zc-kdf-'));
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
let who: Awaited<ReturnType<typeof employerWithApplicant>>;
let pem: { cert: string; key: string };
/** Exported by OpenSSL 3 with 65 536 iterations (MAC and both encryptions). */
let p12: Uint8Array;

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
	who = await employerWithApplicant('liujiang');
	const ca = await generateDemoCa();
	const org = await issueOrgCertificate(ca, '柳州市职称改革工作领导小组办公室');
	pem = { cert: toPem(org.certificate, 'CERTIFICATE'), key: toPem(org.privateKey, 'PRIVATE KEY') };
	writeFileSync(join(dir, 'c.pem'), pem.cert);
	writeFileSync(join(dir, 'k.pem'), pem.key);
	openssl([
		'pkcs12',
		'-export',
		'-iter',
		'65536',
		...['-in', join(dir, 'c.pem'), '-inkey', join(dir, 'k.pem')],
		...['-out', join(dir, 'o.p12'), '-passout', 'pass:pw']
	]);
	p12 = new Uint8Array(readFileSync(join(dir, 'o.p12')));
});
afterAll(async () => handle.drop());
afterEach(() => vi.restoreAllMocks());

/** INTEGER 65536 → INTEGER 4 000 000 (same length): at the given occurrences, or all. */
function withIterations(bytes: Uint8Array, which?: number[]): Uint8Array {
	const out = Buffer.from(bytes);
	const from = Buffer.from([0x02, 0x03, 0x01, 0x00, 0x00]);
	const to = Buffer.from([0x02, 0x03, 0x3d, 0x09, 0x00]);
	let n = 0;
	for (let i = out.indexOf(from); i >= 0; i = out.indexOf(from, i + 1), n++) {
		if (!which || which.includes(n)) to.copy(out, i);
	}
	expect(n).toBe(3); // the certificates' encryption, the key's, the MAC
	return new Uint8Array(out);
}

/** Every key derivation pkijs can run for a PKCS#12 goes through one of these. */
function spyKdf() {
	const engine = pkijs.getEngine().crypto as pkijs.CryptoEngine;
	return [
		vi.spyOn(engine, 'verifyDataStampedWithPassword'),
		vi.spyOn(engine, 'decryptEncryptedContentInfo'),
		vi.spyOn(engine, 'deriveKey'),
		vi.spyOn(engine, 'deriveBits')
	];
}

async function message(p: Promise<unknown> | (() => unknown)): Promise<string> {
	try {
		await (typeof p === 'function' ? p() : p);
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return e.message;
		throw e;
	}
}

/** A form post to an action, as SvelteKit hands it over; `request.bodyUsed` tells if it was read. */
function post(actor: Actor | null, form: Record<string, string | Blob>) {
	const body = new FormData();
	for (const [k, v] of Object.entries(form)) body.set(k, v);
	const url = new URL('/x', ORIGIN);
	const request = new Request(url, { method: 'POST', body, headers: { origin: ORIGIN } });
	const event = { request, url, params: {}, locals: { actor, user: null, session: null } };
	return { event: event as never, request };
}

const status = (r: unknown) => (r as { status?: number } | undefined)?.status;
const failure = (r: unknown) => (r as { data: { message: string } }).data.message;

describe(`PKCS#12 and key files: cost capped before any derivation (${backend})`, () => {
	it('a 4 000 000-iteration PKCS#12 from a signed-in applicant: 403, the body never read', async () => {
		const spies = spyKdf();
		const { event, request } = post(who.applicant.actor, {
			organisationId: offices.city.orgId,
			password: 'pw',
			p12: new File([withIterations(p12).slice()], 'o.p12')
		});
		const result = await keysPage.actions.import(event);
		expect(status(result)).toBe(403);
		expect(request.bodyUsed).toBe(false);
		for (const spy of spies) expect(spy).not.toHaveBeenCalled();
	});

	it('the same file from the city office: refused with the cap, no derivation run', async () => {
		const spies = spyKdf();
		const cpu = process.cpuUsage();
		const { event } = post(offices.city.actor, {
			organisationId: offices.city.orgId,
			password: 'pw',
			p12: new File([withIterations(p12).slice()], 'o.p12')
		});
		const result = await keysPage.actions.import(event);
		expect(status(result)).toBe(400);
		expect(failure(result)).toMatch(/迭代次数过高.*4000000.*重新导出/);
		for (const spy of spies) expect(spy).not.toHaveBeenCalled();
		const used = process.cpuUsage(cpu);
		// 4 000 000 iterations take ~12 s; parsing the file's ASN.1 takes milliseconds.
		expect((used.user + used.system) / 1000).toBeLessThan(1000);
	});

	for (const [what, at] of [
		['the certificates’ encryption', 0],
		['the key’s encryption', 1],
		['the MAC', 2]
	] as const) {
		it(`a costly count in ${what} alone is refused before the MAC is checked`, async () => {
			const spies = spyKdf();
			expect(await message(parsePkcs12(withIterations(p12, [at]), 'pw'))).toMatch(
				new RegExp(`迭代次数过高.*单次最多 ${MAX_KDF_ITERATIONS} 次`)
			);
			for (const spy of spies) expect(spy).not.toHaveBeenCalled();
		});
	}

	it('an ordinary count still opens (and a wrong password is still refused)', async () => {
		const identity = await parsePkcs12(p12, 'pw');
		expect(identity.privateKey.length).toBeGreaterThan(0);
		expect(await message(parsePkcs12(p12, 'wrong'))).toMatch(/口令错误/);
	});

	it('an encrypted PEM key: a costly PBKDF2 is refused, scrypt refused, 2048 opens', async () => {
		const topk8 = (...args: string[]) =>
			openssl(['pkcs8', '-topk8', '-in', join(dir, 'k.pem'), '-passout', 'pass:pw', ...args])
				.toString()
				.trim();
		const costly = Buffer.from(
			topk8('-v2', 'aes-256-cbc', '-iter', '65536')
				.split('\n')
				.filter((l) => !l.startsWith('-----'))
				.join(''),
			'base64'
		);
		const from = Buffer.from([0x02, 0x03, 0x01, 0x00, 0x00]);
		Buffer.from([0x02, 0x03, 0x3d, 0x09, 0x00]).copy(costly, costly.indexOf(from));
		const b64 = costly.toString('base64').replace(/.{64}/g, '$&\n');
		const costlyPem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${b64}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
		expect(await message(() => parsePemPair(pem.cert, costlyPem, 'pw'))).toMatch(
			/迭代次数过高.*4000000/
		);
		expect(await message(() => parsePemPair(pem.cert, topk8('-scrypt'), 'pw'))).toMatch(
			/不支持的口令加密方式/
		);
		const ordinary = topk8('-v2', 'aes-256-cbc');
		expect(parsePemPair(pem.cert, ordinary, 'pw').privateKey.length).toBeGreaterThan(0);
	});
});

describe(`multipart actions authorize before reading the body (${backend})`, () => {
	it('credit evidence from an applicant or an employer: 403, the image never read', async () => {
		for (const actor of [who.applicant.actor, who.employer.actor]) {
			const { event, request } = post(actor, {
				name: '张三',
				evidence: new File([new Uint8Array(1000)], 'x.png', { type: 'image/png' })
			});
			expect(status(await creditPage.actions.default(event))).toBe(403);
			expect(request.bodyUsed).toBe(false);
		}
	});

	it('a paper-certificate CSV import from an employer: 403, the file never read', async () => {
		const { event, request } = post(who.employer.actor, {
			file: new File(['a,b\n'], 'x.csv', { type: 'text/csv' })
		});
		expect(status(await paperImportPage.actions.default(event))).toBe(403);
		expect(request.bodyUsed).toBe(false);
	});

	it('creating an organisation (argon2 for its admin) as a county office: 403, body unread', async () => {
		const { event, request } = post(offices.county.actor, { adminPassword: 'Liuzhou@2026x' });
		expect(status(await newOrgPage.actions.default(event))).toBe(403);
		expect(request.bodyUsed).toBe(false);
	});

	it('employer registration over the address’s limit: 429, the licence never read', async () => {
		const ip = '203.0.113.77';
		for (let i = 0; i < limits.registerPerIp.max; i++)
			await hit('register', ip, limits.registerPerIp);
		const { event, request } = post(null, {
			licence: new File([new Uint8Array(1000)], 'l.png', { type: 'image/png' })
		});
		const result = await registerEmployerPage.actions.default({
			...(event as object),
			getClientAddress: () => ip
		} as never);
		expect(status(result)).toBe(429);
		expect(request.bodyUsed).toBe(false);
	});

	it('signed out: sent to sign in, the body never read', async () => {
		const { event, request } = post(null, { p12: new File([p12.slice()], 'o.p12') });
		const thrown = await Promise.resolve(keysPage.actions.import(event)).catch((e) => e);
		expect(thrown).toMatchObject({ status: 303 });
		expect(request.bodyUsed).toBe(false);
	});
});

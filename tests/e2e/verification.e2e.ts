import { expect, test } from '@playwright/test';
import { fromBase64url } from '../../src/lib/domain/certificate-token.js';
import { keysFromJwks } from '../../src/lib/domain/offline-verification.js';
import { cityRootPublicKey } from '../../src/lib/server/crypto/city-root-key.js';
import { statusIn, verifyStatusList } from '../../src/lib/domain/status-list.js';
import { verdictLabels } from '../../src/lib/domain/verification.js';
import { longestIdRun } from '../vectors/certificates.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

let server: VerifyServer;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await startVerifyServer(4391);
});
test.afterAll(async () => server?.stop());

test.use({ baseURL: 'http://127.0.0.1:4391' });

test('the open API gives every shared vector its verdict and reason, as JSON anyone may call', async ({
	request
}) => {
	for (const v of server.data.vectors) {
		const response = await request.get(`/api/v1/verify/${v.token}`);
		expect(response.status(), v.name).toBe(200);
		expect(response.headers()['access-control-allow-origin']).toBe('*');
		expect(response.headers()['cache-control']).toContain('no-store');
		const body = await response.json();
		expect({ name: v.name, verdict: body.verdict, reason: body.reason }).toEqual({
			name: v.name,
			verdict: v.expect,
			reason: v.reason
		});
		expect(body.label).toBe(verdictLabels[v.expect as keyof typeof verdictLabels]);
		expect(new Date(body.checkedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
		if (v.expect === 'invalid') expect(body.certificate).toBeNull();
		else expect(body.certificate.idNumberMasked).toMatch(/^\d\*{16}[\dX]$/);
	}
});

test('the QR page shows every vector’s verdict in large words, server-rendered, with JavaScript disabled', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL: server.origin });
	const page = await context.newPage();
	for (const v of server.data.vectors) {
		const response = await page.goto(`/v/${v.token}`);
		expect(response?.status(), v.name).toBe(200);
		const verdict = page.getByTestId('verdict');
		await expect(verdict, v.name).toHaveAttribute('data-verdict', v.expect);
		await expect(page.getByTestId('verdict-word'), v.name).toContainText(
			verdictLabels[v.expect as keyof typeof verdictLabels]
		);
		await expect(page.getByTestId('verdict-mode')).toContainText('核验时间');
		await expect(page.getByTestId('verdict-mode')).toContainText('北京时间');
		const fields = page.getByTestId('certificate-fields');
		if (v.expect === 'invalid') await expect(fields, v.name).toHaveCount(0);
		else {
			await expect(fields).toContainText('发证单位');
			await expect(fields).toContainText('测试机构');
		}
		const size = await page
			.getByTestId('verdict-word')
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(size, 'verdict in large words').toBeGreaterThanOrEqual(32);
	}
	// no script is needed at all: the page ships none (csr = false)
	expect(await page.locator('script[src], script[type="module"]').count()).toBe(0);
	await context.close();
});

test('lookup by certificate number and name works without JavaScript; a wrong pair says nothing about which part', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL: server.origin });
	const page = await context.newPage();
	const cert = server.data.valid[0];
	await page.goto('/verify');
	await page.getByLabel('证书编号').fill(cert.no);
	await page.getByLabel('持证人姓名').fill(cert.name);
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'valid');
	await expect(page.getByTestId('certificate-fields')).toContainText(cert.no);

	const wrongName = async () => {
		await page.getByLabel('证书编号').fill(cert.no);
		await page.getByLabel('持证人姓名').fill('张三');
		await page.getByRole('button', { name: '查询' }).click();
		return page.getByTestId('form-error').innerText();
	};
	const wrongNumber = async () => {
		await page.getByLabel('证书编号').fill('4502202621999999');
		await page.getByLabel('持证人姓名').fill(cert.name);
		await page.getByRole('button', { name: '查询' }).click();
		return page.getByTestId('form-error').innerText();
	};
	const a = await wrongName();
	const b = await wrongNumber();
	expect(a).toBe(b);
	expect(a).toContain('未找到与该证书编号和姓名相符的证书');
	await expect(page.getByTestId('verdict')).toHaveCount(0);
	await context.close();
});

test('an archive form’s QR page verifies the form against the register', async ({ page }) => {
	await page.goto(`/v/f/${server.data.formToken}`);
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'valid');
	await expect(page.locator('dl.facts')).toContainText('专业技术人员职称认定表');
	const forged = server.data.formToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
	await page.goto(`/v/f/${forged}`);
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'invalid');
});

test('JWKS and the signed status list are public; the list verifies with the JWKS and carries every status', async ({
	request
}) => {
	const jwksResponse = await request.get('/.well-known/jwks.json');
	expect(jwksResponse.headers()['access-control-allow-origin']).toBe('*');
	const jwks = await jwksResponse.json();
	for (const k of jwks.keys) expect(k).not.toHaveProperty('d');
	expect(jwks.keys.some((k: { retired?: number }) => typeof k.retired === 'number')).toBe(true);
	const listResponse = await request.get('/api/v1/status-list');
	expect(listResponse.headers()['content-type']).toContain('application/statuslist+jwt');
	const etag = listResponse.headers()['etag'];
	expect(
		(await request.get('/api/v1/status-list', { headers: { 'if-none-match': etag } })).status()
	).toBe(304);
	const keys = await keysFromJwks(jwks, fromBase64url(cityRootPublicKey())!);
	expect(keys.size).toBe(jwks.keys.length);
	const checked = await verifyStatusList(
		await listResponse.text(),
		(kid) => keys.get(kid)?.publicKey
	);
	if (!checked.ok) throw new Error(checked.reason);
	const numberOf = (token: string) =>
		(server.data.valid.find((c) => c.token === token) ?? { no: '' }).no;
	expect(statusIn(checked.list, numberOf(server.vector('valid').token))).toBe('valid');
	for (const [name, status] of [
		['revoked', 'revoked'],
		['void-reissued', 'void'],
		['notice-running', 'notice']
	] as const) {
		const api = await (await request.get(`/api/v1/verify/${server.vector(name).token}`)).json();
		expect(statusIn(checked.list, api.certificate.certificateNo), name).toBe(status);
	}
});

test('no public verification page or answer shows 7 or more consecutive characters of an ID number', async ({
	request
}) => {
	const bodies: [string, string][] = [];
	const get = async (url: string) => bodies.push([url, await (await request.get(url)).text()]);
	for (const v of server.data.vectors) {
		await get(`/v/${v.token}`);
		await get(`/api/v1/verify/${v.token}`);
	}
	await get(`/v/f/${server.data.formToken}`);
	await get(`/api/v1/verify/f/${server.data.formToken}`);
	for (const url of ['/verify', '/scan', '/api/v1/status-list', '/.well-known/jwks.json'])
		await get(url);
	const list = bodies.find(([u]) => u === '/api/v1/status-list')![1];
	bodies.push(['status-list claims', Buffer.from(list.split('.')[1], 'base64url').toString()]);
	const c = server.data.valid[0];
	const lookup = await request.post('/verify', {
		form: { certificateNo: c.no, name: c.name },
		headers: { origin: server.origin, accept: 'text/html' }
	});
	const lookupPage = await lookup.text();
	expect(lookupPage).toContain('data-verdict="valid"');
	bodies.push(['/verify (result)', lookupPage]);
	expect(server.data.idNumbers.length).toBeGreaterThanOrEqual(5);
	for (const [url, body] of bodies)
		for (const id of server.data.idNumbers)
			expect(longestIdRun(body, id), `${url} shows part of ${id.slice(0, 1)}…`).toBeLessThan(7);
});

test('lookup is rate-limited per IP: after 20 attempts in 10 minutes the next is refused', async ({
	request
}) => {
	const attempt = () =>
		request.post('/verify', {
			form: { certificateNo: '4502202621000999', name: '王五' },
			headers: { origin: server.origin, accept: 'text/html' }
		});
	const statuses: number[] = [];
	for (let i = 0; i < 21; i++) statuses.push((await attempt()).status());
	// earlier tests in this file used at most 4 of this IP's 20 attempts
	const allowed = statuses.indexOf(429);
	expect(allowed).toBeGreaterThanOrEqual(16);
	expect(allowed).toBeLessThanOrEqual(20);
	expect(statuses.slice(0, allowed).every((s) => s === 404)).toBe(true);
	expect(statuses.slice(allowed).every((s) => s === 429)).toBe(true);
	const refused = await attempt();
	expect(refused.status()).toBe(429);
	expect(await refused.text()).toContain('操作过于频繁');
});

test.describe('a deployment that shows the holder’s photo (VERIFY_SHOW_PHOTO=true)', () => {
	let withPhotos: VerifyServer;
	test.beforeAll(async () => {
		test.setTimeout(180_000);
		withPhotos = await startVerifyServer(4393, { VERIFY_SHOW_PHOTO: 'true' });
	});
	test.afterAll(async () => withPhotos?.stop());

	test('shows the photo of a genuine certificate, never for a forged one; without the setting there is none', async ({
		request
	}) => {
		const valid = withPhotos.vector('valid').token;
		const html = await (await request.get(`${withPhotos.origin}/v/${valid}`)).text();
		expect(html).toContain(`/v/${valid}/photo`);
		const photo = await request.get(`${withPhotos.origin}/v/${valid}/photo`);
		expect(photo.status()).toBe(200);
		expect(photo.headers()['content-type']).toMatch(/^image\/(jpeg|png)$/);
		const forged = withPhotos.vector('forged-signature').token;
		expect(await (await request.get(`${withPhotos.origin}/v/${forged}`)).text()).not.toContain(
			'/photo'
		);
		expect((await request.get(`${withPhotos.origin}/v/${forged}/photo`)).status()).toBe(404);

		const plain = server.vector('valid').token;
		expect(await (await request.get(`${server.origin}/v/${plain}`)).text()).not.toContain('/photo');
		expect((await request.get(`${server.origin}/v/${plain}/photo`)).status()).toBe(404);
	});
});

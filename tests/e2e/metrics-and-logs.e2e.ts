/**
 * Metrics (/metrics, Prometheus text format) and the structured log, on real servers:
 * - a server of its own (the verification vectors, METRICS_TOKEN set, stdout captured): 401
 *   without the token, series moving after verifications, every stdout line a JSON object,
 *   one request line per request with id/route/status/duration, and no ID number, password or
 *   certificate token anywhere in the log;
 * - the suite's server (demo data, no METRICS_TOKEN): loopback only (403 when relayed by a
 *   proxy), and the sync upload series moving after a real draft push and upload.
 */
import { createHash, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { emptyDraft } from '../../src/lib/domain/application-form.js';
import { parseMetrics, signIn, valueOf } from './observability.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const port = Number(process.env.E2E_PORT ?? 4173) + 1;

test.describe('metrics and logs on a server of its own', () => {
	let server: VerifyServer;
	let stdout = '';
	test.beforeAll(async () => {
		test.setTimeout(120_000);
		server = await startVerifyServer(
			port,
			{ METRICS_TOKEN: TOKEN },
			{
				onStdout: (chunk) => (stdout += chunk)
			}
		);
	});
	test.afterAll(async () => server?.stop());

	const scrape = async () => {
		const res = await fetch(`${server.origin}/metrics`, {
			headers: { authorization: `Bearer ${TOKEN}` }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		return parseMetrics(await res.text());
	};

	test('/metrics wants the bearer token', async () => {
		const none = await fetch(`${server.origin}/metrics`);
		expect(none.status).toBe(401);
		expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
		expect(await none.text()).not.toContain('zhicheng_');
		const wrong = await fetch(`${server.origin}/metrics`, {
			headers: { authorization: `Bearer ${TOKEN}x` }
		});
		expect(wrong.status).toBe(401);
		const basic = await fetch(`${server.origin}/metrics`, {
			headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }
		});
		expect(basic.status).toBe(401);
		const samples = await scrape();
		for (const family of [
			'zhicheng_http_request_duration_seconds_bucket',
			'zhicheng_db_pool_max_connections',
			'zhicheng_db_pool_connections',
			'zhicheng_process_cpu_seconds_total'
		])
			expect(
				samples.some((s) => s.name === family),
				family
			).toBe(true);
		expect(valueOf(samples, 'zhicheng_db_pool_max_connections', { driver: 'pglite' })).toBe(1);
	});

	test('verifications move their series; routes are ids, never paths with tokens', async () => {
		const valid = server.data.valid[0].token;
		const before = await scrape();
		const key = { subject: 'certificate', verdict: 'valid', channel: 'api' };
		const invalidKey = { subject: 'certificate', verdict: 'invalid', channel: 'api' };
		const formKey = { subject: 'archive-form', verdict: 'valid', channel: 'scan' };
		for (let i = 0; i < 2; i++)
			expect((await fetch(`${server.origin}/api/v1/verify/${valid}`)).status).toBe(200);
		await fetch(`${server.origin}/api/v1/verify/not-a-token-at-all`);
		await fetch(`${server.origin}/api/v1/verify/f/${server.data.formToken}?via=scan`);
		const after = await scrape();
		const delta = (k: Record<string, string>) =>
			valueOf(after, 'zhicheng_verifications_total', k) -
			valueOf(before, 'zhicheng_verifications_total', k);
		expect(delta(key)).toBe(2);
		expect(delta(invalidKey)).toBe(1);
		expect(delta(formKey)).toBe(1);
		const route = { route: '/api/v1/verify/[token]', status: '200', method: 'GET' };
		expect(
			valueOf(after, 'zhicheng_http_request_duration_seconds_count', route) -
				valueOf(before, 'zhicheng_http_request_duration_seconds_count', route)
		).toBe(3);
		const everyLabel = after.flatMap((s) => Object.values(s.labels)).join('\n');
		expect(everyLabel).not.toContain(valid.slice(0, 24));
		expect(everyLabel).not.toContain('not-a-token');
	});

	test('one JSON log line per request; the request id in the header; no personal data', async () => {
		const idNumber = server.data.idNumbers[0];
		const password = 'Geheim-Passwort-9137';
		const valid = server.data.valid[0].token;
		// a sign-in with an ID number and a password in the body (wrong, so refused)
		const signIn = await fetch(`${server.origin}/login?identifier=${idNumber}`, {
			method: 'POST',
			headers: {
				origin: server.origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html'
			},
			body: new URLSearchParams({ identifier: idNumber, password }).toString(),
			redirect: 'manual'
		});
		const signInId = signIn.headers.get('x-request-id');
		expect(signInId).toMatch(/^[0-9a-f-]{36}$/);
		// a certificate token in the path, twice (API and page)
		const api = await fetch(`${server.origin}/api/v1/verify/${valid}`, {
			headers: { 'x-request-id': 'lb-7f3a9c2e01' }
		});
		expect(api.headers.get('x-request-id')).toBe('lb-7f3a9c2e01');
		const page = await fetch(`${server.origin}/v/${valid}`, {
			headers: { 'x-request-id': `bad id\u00e9 ${idNumber}`.replace(/[^\x20-\x7e]/g, '_') }
		});
		const pageId = page.headers.get('x-request-id')!;
		expect(pageId).toMatch(/^[0-9a-f-]{36}$/);
		// a 404 page shows its request id for the help desk
		const missing = await fetch(`${server.origin}/no-such-page-here`, {
			headers: { accept: 'text/html' }
		});
		expect(missing.status).toBe(404);
		const missingId = missing.headers.get('x-request-id')!;
		const html = await missing.text();
		expect(html).toContain('请向客服提供编号');
		expect(html).toContain(missingId);

		await expect.poll(() => stdout.includes(missingId), { timeout: 10_000 }).toBe(true);
		const lines = stdout.split('\n').filter((l) => l !== '');
		const entries = lines.map((l) => {
			let parsed: Record<string, unknown> | undefined;
			expect(() => (parsed = JSON.parse(l)), `not JSON: ${l.slice(0, 200)}`).not.toThrow();
			expect(typeof parsed).toBe('object');
			return parsed!;
		});
		for (const e of entries) {
			expect(typeof e.time).toBe('string');
			expect(typeof e.level).toBe('string');
			expect(typeof e.msg).toBe('string');
		}
		const requests = entries.filter((e) => e.msg === 'request');
		const byId = (id: string) => requests.filter((e) => e.requestId === id);
		expect(byId(signInId!)).toHaveLength(1);
		expect(byId(signInId!)[0]).toMatchObject({ method: 'POST', route: '/login', level: 'info' });
		expect(byId('lb-7f3a9c2e01')[0]).toMatchObject({
			method: 'GET',
			route: '/api/v1/verify/[token]',
			status: 200,
			user: 'none'
		});
		expect(byId(pageId)[0]).toMatchObject({ route: '/v/[token]', status: 200 });
		expect(byId(missingId)[0]).toMatchObject({ route: 'unmatched', status: 404 });
		for (const e of requests) {
			expect(typeof e.durationMs).toBe('number');
			expect(e.durationMs as number).toBeGreaterThanOrEqual(0);
			expect(Object.keys(e).sort()).toEqual(
				[
					'durationMs',
					'level',
					'method',
					'msg',
					'requestId',
					'route',
					'service',
					'status',
					'time',
					'user'
				].sort()
			);
		}
		expect(stdout).not.toContain(idNumber);
		expect(stdout).not.toContain(idNumber.slice(0, 14));
		expect(stdout).not.toContain(password);
		for (const v of server.data.valid) expect(stdout).not.toContain(v.token.slice(0, 20));
		expect(stdout).not.toContain(server.data.formToken.slice(0, 20));
		expect(stdout).not.toContain('127.0.0.1');
	});
});

test.describe('metrics on the suite server (no METRICS_TOKEN)', () => {
	test('loopback only: a request relayed by a proxy is 403', async ({ request, baseURL }) => {
		expect((await request.get(`${baseURL}/metrics`)).status()).toBe(200);
		for (const headers of <Record<string, string>[]>[
			{ 'x-forwarded-for': '203.0.113.7' },
			{ forwarded: 'for=203.0.113.7' },
			{ 'x-real-ip': '203.0.113.7' }
		]) {
			const res = await request.get(`${baseURL}/metrics`, { headers });
			expect(res.status()).toBe(403);
			expect(await res.text()).not.toContain('zhicheng_');
		}
	});

	test('a draft push and an upload move the sync series', async ({ request, baseURL }) => {
		const base = baseURL!;
		const scrape = async () => parseMetrics(await (await request.get(`${base}/metrics`)).text());
		await signIn(request, base, '13807720006');
		const before = await scrape();
		const draftId = randomUUID();
		const push = await request.put(`${base}/api/drafts/${draftId}`, {
			headers: { origin: base },
			data: {
				baseVersion: 0,
				updatedAt: new Date().toISOString(),
				clientId: 'metrics-test',
				content: emptyDraft('recognition')
			}
		});
		expect(push.status()).toBe(200);
		const png = await sharp({
			create: { width: 16, height: 16, channels: 3, background: '#3366cc' }
		})
			.png()
			.toBuffer();
		const id = randomUUID();
		const declared = await request.post(`${base}/api/uploads`, {
			headers: { origin: base },
			data: {
				id,
				draftId,
				name: 'photo.png',
				mime: 'image/png',
				size: png.length,
				sha256: createHash('sha256').update(png).digest('hex')
			}
		});
		expect(declared.status()).toBe(201);
		const half = Math.floor(png.length / 2);
		for (const [offset, part] of [
			[0, png.subarray(0, half)],
			[half, png.subarray(half)]
		] as const) {
			const chunk = await request.patch(`${base}/api/uploads/${id}`, {
				headers: {
					origin: base,
					'content-type': 'application/offset+octet-stream',
					'upload-offset': String(offset)
				},
				data: Buffer.from(part)
			});
			expect(chunk.status()).toBe(204);
		}
		const after = await scrape();
		const delta = (name: string, labels: Record<string, string> = {}) =>
			valueOf(after, name, labels) - valueOf(before, name, labels);
		expect(delta('zhicheng_sync_draft_pushes_total', { outcome: 'ok' })).toBe(1);
		expect(delta('zhicheng_sync_upload_requests_total', { step: 'declare', outcome: 'ok' })).toBe(
			1
		);
		expect(delta('zhicheng_sync_upload_requests_total', { step: 'chunk', outcome: 'ok' })).toBe(2);
		expect(delta('zhicheng_sync_upload_bytes_total')).toBe(png.length);
		expect(delta('zhicheng_sync_uploads_completed_total')).toBe(1);
		// the job queue's tables are read at scrape time (created once the queue has started)
		await expect
			.poll(async () => (await scrape()).some((s) => s.name === 'zhicheng_job_queue_jobs'), {
				timeout: 20_000
			})
			.toBe(true);
	});
});

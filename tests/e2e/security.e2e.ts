import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

test('every response carries the security headers; pages are zh-CN with a hash CSP and no third-party host', async ({
	request
}) => {
	for (const url of ['/', '/login', '/register', '/register/employer', '/no-such-page']) {
		const res = await request.get(url);
		const h = res.headers();
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
		const csp = h['content-security-policy'];
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toMatch(/https?:\/\//);
		if (res.status() === 200) {
			expect(csp).toMatch(/script-src 'self'[^;]*'sha256-/);
			expect(await res.text()).toContain('<html lang="zh-CN">');
		}
		// Plain http: no HSTS.
		expect(h['strict-transport-security']).toBeUndefined();
	}
});

test('behind a TLS proxy: HSTS, a __Host- Secure session cookie, and form posts accepted from the https origin', async ({
	request
}) => {
	const dir = mkdtempSync(path.join(tmpdir(), 'zc-tls-'));
	const port = 4199;
	const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			DATA_DIR: dir,
			PORT: String(port),
			HOST: '127.0.0.1',
			TRUST_PROXY: 'true',
			DATABASE_URL: ''
		},
		stdio: 'ignore'
	});
	try {
		const base = `http://127.0.0.1:${port}`;
		const proxied = {
			'x-forwarded-proto': 'https',
			'x-forwarded-host': 'zc.example.gov.cn',
			'x-forwarded-for': '203.0.113.7'
		};
		await expect
			.poll(
				async () =>
					(await request.get(`${base}/login`, { headers: proxied }).catch(() => null))?.status(),
				{ timeout: 30_000 }
			)
			.toBe(200);
		const page = await request.get(`${base}/login`, { headers: proxied });
		expect(page.headers()['strict-transport-security']).toContain('max-age=');
		const signIn = await request.post(`${base}/login`, {
			headers: { ...proxied, origin: 'https://zc.example.gov.cn', accept: 'text/html' },
			form: { identifier: 'city', password: 'Liuzhou@2026' },
			maxRedirects: 0
		});
		expect(signIn.status()).toBe(303);
		const cookie = signIn.headers()['set-cookie'];
		expect(cookie).toMatch(/^__Host-session=/);
		expect(cookie).toMatch(/Secure/i);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		// A cross-site form post is refused (CSRF).
		const forged = await request.post(`${base}/login`, {
			headers: {
				...proxied,
				origin: 'https://evil.example.com',
				'content-type': 'application/x-www-form-urlencoded'
			},
			data: 'identifier=city&password=x',
			maxRedirects: 0
		});
		expect(forged.status()).toBe(403);
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => child.once('exit', r));
		rmSync(dir, { recursive: true, force: true });
	}
});

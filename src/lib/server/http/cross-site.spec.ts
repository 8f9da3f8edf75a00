import { describe, expect, it } from 'vitest';
import { CROSS_SITE_MESSAGE, isCrossSiteForm, refuseCrossSiteForm } from './cross-site.js';

const self = 'https://zc.example.cn';
const post = (headers: Record<string, string>, method = 'POST') =>
	new Request(`${self}/login`, { method, headers, body: method === 'GET' ? undefined : 'a=1' });

describe('cross-site form submissions', () => {
	it('refuses a form from another site, from nowhere (no Origin) and from "null"', () => {
		for (const origin of ['https://evil.example', 'http://zc.example.cn', 'null', undefined]) {
			for (const type of [
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x',
				'TEXT/PLAIN;charset=utf-8',
				'application/x-sveltekit-formdata'
			]) {
				const headers: Record<string, string> = { 'content-type': type };
				if (origin) headers.origin = origin;
				expect(isCrossSiteForm(post(headers), self), `${origin} ${type}`).toBe(true);
			}
		}
		for (const method of ['PUT', 'PATCH', 'DELETE'])
			expect(isCrossSiteForm(post({ origin: 'https://evil.example' }, method), self)).toBe(true);
	});

	it('lets through this site’s own forms, reads, and non-form bodies (JSON needs CORS anyway)', () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		expect(isCrossSiteForm(post({ ...form, origin: self }), self)).toBe(false);
		expect(isCrossSiteForm(post({ origin: 'https://evil.example' }, 'GET'), self)).toBe(false);
		expect(
			isCrossSiteForm(
				post({ 'content-type': 'application/json', origin: 'https://evil.example' }),
				self
			)
		).toBe(false);
	});

	it('answers 403 in Chinese: a page for browsers, JSON or plain text otherwise', async () => {
		const headers = { origin: 'https://evil.example', 'content-type': 'multipart/form-data' };
		const page = refuseCrossSiteForm(post({ ...headers, accept: 'text/html' }), new URL(self))!;
		expect(page.status).toBe(403);
		expect(page.headers.get('content-type')).toContain('text/html');
		const html = await page.text();
		expect(html).toContain(CROSS_SITE_MESSAGE);
		expect(html).toContain('lang="zh-CN"');
		const json = refuseCrossSiteForm(
			post({ ...headers, accept: 'application/json' }),
			new URL(self)
		)!;
		expect(await json.json()).toEqual({ message: CROSS_SITE_MESSAGE, code: 'FORBIDDEN' });
		const plain = refuseCrossSiteForm(post(headers), new URL(self))!;
		expect(await plain.text()).toBe(CROSS_SITE_MESSAGE);
		expect(refuseCrossSiteForm(post({ ...headers, origin: self }), new URL(self))).toBeNull();
	});
});

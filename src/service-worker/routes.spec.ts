import { describe, expect, it } from 'vitest';
import { offlinePageHtml } from './offline-page.js';
import {
	isCachedData,
	isCertificatePdf,
	isKeepable,
	isOfflinePage,
	isTrustData,
	isWorkerMessage,
	WARM_URLS
} from './routes.js';

const url = (path: string) => new URL(path, 'https://zc.example');

describe('service worker routes', () => {
	it('keeps the applicant pages for offline use, never staff screens or writes', () => {
		for (const p of ['/', '/drafts', '/drafts/new', '/drafts/edit?id=1', '/account']) {
			expect(isOfflinePage(url(p)), p).toBe(true);
		}
		for (const p of ['/admin/users', '/login', '/api/drafts', '/draftsx']) {
			expect(isOfflinePage(url(p)), p).toBe(false);
		}
		expect(isCachedData(url('/api/options'))).toBe(true);
		// the certificate scanner and its offline verification data
		expect(isOfflinePage(url('/scan'))).toBe(true);
		expect(isCachedData(url('/.well-known/jwks.json'))).toBe(true);
		expect(isCachedData(url('/api/v1/status-list'))).toBe(true);
		expect(isCachedData(url('/api/v1/verify/AQE'))).toBe(false);
		expect(isCachedData(url('/api/drafts'))).toBe(false);
	});

	it('keeps the applicant tabs and a holder’s PDF, not attachments', () => {
		for (const p of ['/applications', '/applications/a1', '/certificates', '/notifications'])
			expect(isOfflinePage(url(p)), p).toBe(true);
		for (const p of ['/applications/a1/attachments/x', '/certificates/c1/pdf', '/review'])
			expect(isOfflinePage(url(p)), p).toBe(false);
		expect(isCertificatePdf(url('/certificates/c1/pdf?print=1'))).toBe(true);
		expect(isCertificatePdf(url('/certificates/c1'))).toBe(false);
		expect(isTrustData(url('/api/v1/status-list'))).toBe(true);
		expect(isTrustData(url('/api/options'))).toBe(false);
	});

	it('the offline page is in Chinese and lists only what is kept, with its time', () => {
		const none = offlinePageHtml({ kept: new Map() });
		expect(none).toContain('当前没有网络');
		expect(none).not.toContain('href="/applications"');
		const html = offlinePageHtml({
			kept: new Map([
				['/applications', '2026-12-03T06:05:00.000Z'],
				['/scan', null]
			]),
			reason: '<b>'
		});
		expect(html).toContain('href="/applications"');
		expect(html).toContain('2026-12-03 14:05');
		expect(html).toContain('href="/scan"');
		expect(html).toContain('&lt;b&gt;');
	});

	it('warms only URLs it would also answer offline', () => {
		for (const p of WARM_URLS) expect(isOfflinePage(url(p)) || isCachedData(url(p)), p).toBe(true);
	});

	it('never stores a redirect to sign-in or an error page under a page URL', () => {
		expect(isKeepable(new Response('ok', { status: 200 }))).toBe(true);
		expect(isKeepable(new Response('no', { status: 500 }))).toBe(false);
		const redirected = new Response('login', { status: 200 });
		Object.defineProperty(redirected, 'redirected', { value: true });
		expect(isKeepable(redirected)).toBe(false);
	});

	it('accepts only its own message types', () => {
		expect(isWorkerMessage({ type: 'SKIP_WAITING' })).toBe(true);
		expect(isWorkerMessage({ type: 'EVAL', code: '1' })).toBe(false);
		expect(isWorkerMessage(null)).toBe(false);
	});
});

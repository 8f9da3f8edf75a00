import { describe, expect, it } from 'vitest';
import { isCachedData, isKeepable, isOfflinePage, isWorkerMessage, WARM_URLS } from './routes.js';

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

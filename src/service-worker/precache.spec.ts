import { describe, expect, it } from 'vitest';
import { precacheEntries } from './precache.js';

describe('precacheEntries', () => {
	const manifest = {
		immutable: [
			{ path: '_app/immutable/entry/start.Bx1.js' },
			{ path: '_app/immutable/assets/app.C9.css' },
			{ path: '_app/immutable/chunks/big.js.map' }
		],
		assets: [{ path: 'favicon.svg' }, { path: 'manifest.webmanifest' }, { path: 'robots.txt' }],
		prerendered: []
	};

	it('caches hashed build files without a revision and static files under the build version', () => {
		const entries = precacheEntries(manifest, '1795635844116');
		expect(entries).toContainEqual({ url: '/_app/immutable/entry/start.Bx1.js', revision: null });
		expect(entries).toContainEqual({ url: '/favicon.svg', revision: '1795635844116' });
		expect(entries).toContainEqual({ url: '/manifest.webmanifest', revision: '1795635844116' });
	});

	it('leaves source maps and robots.txt to the network', () => {
		const urls = precacheEntries(manifest, 'v').map((e) => e.url);
		expect(urls).not.toContain('/_app/immutable/chunks/big.js.map');
		expect(urls).not.toContain('/robots.txt');
	});
});

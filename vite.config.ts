import { defineConfig } from 'vitest/config';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { cityRootPublicKey } from './src/lib/server/crypto/city-root-key.js';

export default defineConfig({
	plugins: [
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			adapter: adapter({ precompress: true }),
			// Registered by workbox-window (#lib/client/pwa/register.ts) for the update prompt.
			serviceWorker: { register: false },
			// Kit's CSRF check answers in English plain text before any hook; the same check runs
			// first in hooks.server.ts and refuses in Chinese (src/lib/server/http/cross-site.ts).
			csrf: { trustedOrigins: ['*'] },
			csp: {
				mode: 'hash',
				directives: {
					'default-src': ['self'],
					'script-src': ['self', 'wasm-unsafe-eval'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:', 'blob:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'media-src': ['self', 'blob:'],
					'worker-src': ['self', 'blob:'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		})
	],
	// The city root key the offline check pins (src/lib/city-root-pin.ts).
	define: { __CITY_ROOT_KEY__: JSON.stringify(cityRootPublicKey()) },
	ssr: {
		// Bundled into the server build instead of loaded from node_modules: Node looks up the
		// package scope of every ESM file it loads, and drizzle-orm's 179 KB package.json was read
		// for each of its ~200 modules, about 0.35 s of every start on 2 cores.
		noExternal: ['drizzle-orm']
	},
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.{test,spec}.ts', 'tests/integration/**/*.{test,spec}.ts'],
		exclude: ['src/**/*.svelte.{test,spec}.ts', 'node_modules/**'],
		// One loud line when pdftotext, pdftoppm, pdfsig or zbarimg is missing.
		globalSetup: ['tests/fixtures/certificates/tools-setup.ts'],
		// As hooks.server.ts does at start: the certificates area's transition effects.
		setupFiles: ['tests/setup/transition-effects.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});

import { defineConfig, devices } from '@playwright/test';
import { chromiumPath, chromiumArgs } from './tests/e2e/browser.js';

const port = Number(process.env.E2E_PORT ?? 4173);

/**
 * End-to-end tests run against the built app (never the dev server) in Debian's Chromium,
 * with a fresh embedded database seeded with the demo data.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		locale: 'zh-CN',
		screenshot: 'only-on-failure',
		timezoneId: 'Asia/Shanghai',
		launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
	},
	projects: [
		{
			name: 'phone',
			testIgnore: '**/approval-*.e2e.ts',
			use: {
				...devices['Pixel 7'],
				launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
			}
		},
		{
			// Reviewers work on tablets: the approval chains run on an iPad-sized Chromium.
			name: 'tablet',
			testMatch: '**/approval-*.e2e.ts',
			use: {
				...devices['iPad (gen 7)'],
				defaultBrowserType: 'chromium',
				launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
			}
		}
	],
	webServer: {
		command: `rm -rf .e2e-data && node scripts/serve.js`,
		// Every browser test signs in from the same loopback address within a few minutes: more
		// than the default 30 sign-ins per IP and 15 minutes (tests/integration/auth.spec.ts
		// proves the throttle itself).
		env: {
			DATA_DIR: '.e2e-data',
			PORT: String(port),
			HOST: '127.0.0.1',
			JOBS_START_DELAY_MS: '0',
			SIGN_IN_LIMIT_PER_IP: '500'
		},
		url: `http://localhost:${port}/`,
		reuseExistingServer: false,
		timeout: 60_000
	}
});

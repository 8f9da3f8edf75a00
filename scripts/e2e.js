// `npm run test:e2e`: builds the app, then runs Playwright against it in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
	(p) => p && existsSync(p)
);
if (!chromium) {
	const banner = '!'.repeat(78);
	console.error(
		`\n${banner}\n  END-TO-END TESTS NOT RUN: no Chromium found.\n  Install it with:  sudo apt-get install -y chromium\n${banner}\n`
	);
	process.exit(process.env.CI ? 1 : 0);
}
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
if (
	!process.env.E2E_SKIP_BUILD &&
	(run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']) !== 0 ||
		run(['scripts/pglite-template.js']) !== 0)
)
	process.exit(1);
process.exit(run(['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)]));

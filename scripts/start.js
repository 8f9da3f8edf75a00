// `npm start`: builds the app when there is no current build, then serves it.
// Without DATABASE_URL the embedded database in ./data is created and seeded with demo data.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeTemplate } from './pglite-template.js';
import { startServer } from './server.js';

function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
	}
	return newest;
}

const stamp = 'build/handler.js';
const sources = Math.max(
	newestMtime('src'),
	statSync('vite.config.ts').mtimeMs,
	statSync('package.json').mtimeMs,
	// the build pins the city root key's public half: a new key file needs a new build
	existsSync('.city-root.key') ? statSync('.city-root.key').mtimeMs : 0
);
const rootKeyMissing =
	!process.env.CITY_ROOT_KEY && !process.env.CITY_ROOT_KEY_FILE && !existsSync('.city-root.key');
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources || rootKeyMissing) {
	console.info('[zhicheng] building the app (first start or changed sources)…');
	const result = spawnSync(
		process.execPath,
		['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
		{ stdio: 'inherit' }
	);
	if (result.status !== 0) process.exit(result.status ?? 1);
	await writeTemplate();
}
const server = await startServer();
const address = server.address();
const port = typeof address === 'object' && address ? address.port : process.env.PORT;
console.info(`[zhicheng] 职称服务平台 running at http://localhost:${port}`);

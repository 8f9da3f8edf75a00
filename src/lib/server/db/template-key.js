// What an embedded-database template (scripts/pglite-template.js) depends on: the PGlite version
// and every migration file. Plain JavaScript, so the build script and the server share it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @param {string} [root] the project directory (where node_modules/ and drizzle/ are)
 * @returns {string} a SHA-256 hex digest
 */
export function templateKey(root = '.') {
	const hash = createHash('sha256');
	const pglite = JSON.parse(
		readFileSync(path.resolve(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')
	).version;
	hash.update(`pglite ${pglite}\n`);
	const folder = path.resolve(root, 'drizzle');
	const files = [
		'meta/_journal.json',
		...readdirSync(folder)
			.filter((f) => f.endsWith('.sql'))
			.sort()
	];
	for (const f of files)
		hash
			.update(f)
			.update('\0')
			.update(readFileSync(path.join(folder, f)));
	return hash.digest('hex');
}

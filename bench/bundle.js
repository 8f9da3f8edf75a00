// JavaScript a phone downloads to open the applicant's home screen (/drafts), gzip-compressed:
// every module the server-rendered page names (modulepreload links and the entry imports),
// read from build/client. The QR decoder (the scanner's barcode-detector polyfill) must not be
// among them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { signIn, startServer } from './support/server.js';

const CLIENT = path.resolve('build/client');

/** Module URLs the HTML loads up front, as paths under build/client. */
function initialModules(html) {
	const urls = new Set();
	for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*>/g)) {
		const href = /href="([^"]+)"/.exec(m[0])?.[1];
		if (href) urls.add(href);
	}
	for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) urls.add(m[1]);
	return [...urls].map((u) => new URL(u, 'http://x/').pathname);
}

export async function run() {
	const server = await startServer(4395);
	try {
		const cookie = await signIn(server.origin, '13807720001');
		const html = await (await fetch(`${server.origin}/drafts`, { headers: { cookie } })).text();
		const modules = initialModules(html);
		if (!modules.length) throw new Error('no modules found in the /drafts page');
		let raw = 0;
		let gzip = 0;
		let scanner = false;
		for (const file of modules) {
			const bytes = readFileSync(path.join(CLIENT, file));
			raw += bytes.length;
			gzip += gzipSync(bytes, { level: 9 }).length;
			scanner ||= bytes.toString('latin1').includes('Barcode detection service unavailable.');
		}
		return [
			{
				metric: `applicant home (/drafts): ${modules.length} JS files, gzip`,
				value: gzip / 1024,
				unit: 'KB',
				goal: '≤ 80 KB',
				ok: gzip <= 80 * 1024
			},
			{ metric: 'same, uncompressed', value: raw / 1024, unit: 'KB' },
			{
				metric: 'QR decoder in the home page JS',
				value: scanner ? 1 : 0,
				unit: scanner ? 'present' : 'absent',
				goal: 'absent',
				ok: !scanner
			}
		];
	} finally {
		await server.stop();
	}
}

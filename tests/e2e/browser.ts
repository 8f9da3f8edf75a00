import { existsSync } from 'node:fs';

const candidates = [
	process.env.CHROMIUM_PATH,
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser'
].filter(Boolean) as string[];

/** Debian's Chromium; the tests never download a browser of their own. */
export function chromiumPath(): string | undefined {
	return candidates.find((p) => existsSync(p));
}

export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

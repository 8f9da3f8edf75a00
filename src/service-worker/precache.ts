/**
 * What the service worker precaches: every built file (`immutable`, content-hashed, so no
 * revision is needed) and the files of `static/` (revised by the build version, since their
 * names never change). Pure, so the list can be tested without a browser.
 */
export interface BuildManifest {
	immutable: readonly { path: string }[];
	assets: readonly { path: string }[];
	prerendered: readonly { path: string }[];
}

export interface PrecacheEntry {
	url: string;
	revision: string | null;
}

/** Large or rarely needed on a phone; fetched on demand instead of on install. */
const SKIP = [/\.map$/, /^robots\.txt$/];

const absolute = (path: string) => (path.startsWith('/') ? path : `/${path}`);

export function precacheEntries(manifest: BuildManifest, version: string): PrecacheEntry[] {
	const keep = (path: string) => !SKIP.some((re) => re.test(path.replace(/^\//, '')));
	return [
		...manifest.immutable
			.filter((f) => keep(f.path))
			.map((f) => ({ url: absolute(f.path), revision: null })),
		...[...manifest.assets, ...manifest.prerendered]
			.filter((f) => keep(f.path))
			.map((f) => ({ url: absolute(f.path), revision: version }))
	];
}

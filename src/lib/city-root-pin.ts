/**
 * The city office's root public key, built into the app (vite.config.ts): the offline check
 * trusts an office key only when this root signed it (domain/key-attestation.ts). Shared by the
 * browser (which pins it) and the server (which refuses to publish keys it cannot sign with it).
 * Empty only in code run outside a Vite build (tsx scripts), which then has nothing pinned.
 */
export const PINNED_CITY_ROOT_KEY: string =
	typeof __CITY_ROOT_KEY__ === 'string' ? __CITY_ROOT_KEY__ : '';

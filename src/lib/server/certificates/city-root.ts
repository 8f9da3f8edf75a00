/**
 * The city root key on the server (secret: crypto/city-root-key.ts): it signs the statement of
 * every office key the JWKS publishes (domain/key-attestation.ts). It must be the root whose
 * public key this build pins; otherwise every verifier would refuse every key, so the server
 * refuses to publish and says why.
 */
import { getPublicKeyAsync } from '@noble/ed25519';
import { PINNED_CITY_ROOT_KEY } from '../../city-root-pin.js';
import { toBase64url } from '../../domain/certificate-token.js';
import { signKeyAttestation, type KeyStatement } from '../../domain/key-attestation.js';
import { cityRootSeed } from '../crypto/city-root-key.js';

let root: Promise<{ privateKey: Uint8Array; publicKey: Uint8Array }> | undefined;
const attestations = new Map<string, string>();

async function load() {
	const privateKey = new Uint8Array(cityRootSeed());
	const publicKey = await getPublicKeyAsync(privateKey);
	// outside a Vite build (tsx scripts) nothing is pinned: the configured root is used
	if (PINNED_CITY_ROOT_KEY && toBase64url(publicKey) !== PINNED_CITY_ROOT_KEY)
		throw new Error(
			'The city root key (CITY_ROOT_KEY, CITY_ROOT_KEY_FILE or .city-root.key) is not the one ' +
				'this build pins: build the app again with it (npm run build).'
		);
	return { privateKey, publicKey };
}

export function cityRootKey() {
	root ??= load().catch((e) => {
		root = undefined;
		throw e;
	});
	return root;
}

/** The root's signature over an office key's statement (deterministic; cached). */
export async function attestKey(statement: KeyStatement): Promise<string> {
	const id = JSON.stringify(statement);
	const known = attestations.get(id);
	if (known) return known;
	const att = await signKeyAttestation(statement, await cityRootKey());
	if (attestations.size > 1000) attestations.clear();
	attestations.set(id, att);
	return att;
}

/** For tests: forget the loaded root (after CITY_ROOT_KEY changed). */
export function resetCityRoot(): void {
	root = undefined;
	attestations.clear();
}

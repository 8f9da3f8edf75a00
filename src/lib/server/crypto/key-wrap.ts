/**
 * Private keys at rest: AES-256-GCM under a 32-byte master key (from the environment, or a key
 * file in the data directory in embedded mode). Blob layout: version(1) iv(12) ciphertext+tag.
 * `context` (e.g. `org:42/pdf-signing`) is bound as associated data, so a blob copied into
 * another row or used for another purpose fails to unwrap instead of silently working.
 */
const VERSION = 1;
const IV_LENGTH = 12;

async function aesKey(masterKey: Uint8Array, usage: 'encrypt' | 'decrypt') {
	if (masterKey.length !== 32) throw new RangeError('master key must be 32 bytes');
	return crypto.subtle.importKey('raw', masterKey as BufferSource, 'AES-GCM', false, [usage]);
}

export async function wrapPrivateKey(
	privateKey: Uint8Array,
	masterKey: Uint8Array,
	context = ''
): Promise<Uint8Array> {
	const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
	const additionalData = new TextEncoder().encode(context);
	const key = await aesKey(masterKey, 'encrypt');
	const sealed = new Uint8Array(
		await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv, additionalData },
			key,
			privateKey as BufferSource
		)
	);
	const out = new Uint8Array(1 + IV_LENGTH + sealed.length);
	out[0] = VERSION;
	out.set(iv, 1);
	out.set(sealed, 1 + IV_LENGTH);
	return out;
}

/** Throws when the master key, the context or a single byte of the blob is wrong. */
export async function unwrapPrivateKey(
	blob: Uint8Array,
	masterKey: Uint8Array,
	context = ''
): Promise<Uint8Array> {
	if (blob[0] !== VERSION || blob.length < 1 + IV_LENGTH + 16) {
		throw new Error('not a wrapped private key');
	}
	const key = await aesKey(masterKey, 'decrypt');
	const plain = await crypto.subtle.decrypt(
		{
			name: 'AES-GCM',
			iv: blob.subarray(1, 1 + IV_LENGTH) as Uint8Array<ArrayBuffer>,
			additionalData: new TextEncoder().encode(context)
		},
		key,
		blob.subarray(1 + IV_LENGTH) as Uint8Array<ArrayBuffer>
	);
	return new Uint8Array(plain);
}

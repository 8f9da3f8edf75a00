/**
 * The status list and the JWKS as the app serves them (the route handlers), read by independent
 * implementations (@sd-jwt/jwt-status-list, jose), and the offline check's key pinning: only
 * office keys signed by the city root key built into the app are trusted.
 */
import { getPublicKeyAsync } from '@noble/ed25519';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINNED_CITY_ROOT_KEY } from '../../src/lib/city-root-pin.js';
import {
	decodeToken,
	encodeAndSign,
	fromBase64url,
	toBase64url
} from '../../src/lib/domain/certificate-token.js';
import { signKeyAttestation } from '../../src/lib/domain/key-attestation.js';
import { keysFromJwks, verifyOffline } from '../../src/lib/domain/offline-verification.js';
import { IETF_STATUS_CODE, verifyStatusList } from '../../src/lib/domain/status-list.js';
import { statusIndexOf } from '../../src/lib/domain/verification.js';
import { resetCityRoot } from '../../src/lib/server/certificates/city-root.js';
import { publicJwks } from '../../src/lib/server/certificates/token-keys.js';
import { db } from '../../src/lib/server/db/index.js';
import { resetKeyRing } from '../../src/lib/server/verification/key-ring.js';
import { resetStatusRegistry } from '../../src/lib/server/verification/status-registry.js';
import { discardVerificationLog } from '../../src/lib/server/verification/verification-log.js';
import {
	clearAuthenticityCache,
	verifyCertificate
} from '../../src/lib/server/verification/verify-certificate.js';
import { GET as getJwks } from '../../src/routes/.well-known/jwks.json/+server.js';
import { GET as getStatusList } from '../../src/routes/api/v1/status-list/+server.js';
import { platform } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';
import { resolveVectors, type ResolvedVector } from '../vectors/certificates.js';
import { materializeVectors } from '../vectors/materialize.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let vectors: ResolvedVector[];
const origin = 'https://zc.example.cn';
const vector = (name: string) => vectors.find((v) => v.name === name)!;
const root = fromBase64url(PINNED_CITY_ROOT_KEY)!;

/** What the app serves, through its route handlers. */
async function served() {
	const event = (path: string) =>
		({ url: new URL(path, origin), request: new Request(new URL(path, origin)) }) as never;
	const jwksResponse = await getJwks(event('/.well-known/jwks.json'));
	const listResponse = await getStatusList(event('/api/v1/status-list'));
	expect(jwksResponse.status).toBe(200);
	expect(listResponse.status).toBe(200);
	return { jwks: await jwksResponse.json(), jws: await listResponse.text() };
}

beforeAll(async () => {
	handle = await freshDatabase();
	resetStatusRegistry();
	resetKeyRing();
	clearAuthenticityCache();
	discardVerificationLog();
	vectors = await resolveVectors(await materializeVectors(await platform()));
}, 120_000);

afterAll(async () => {
	resetStatusRegistry();
	resetKeyRing();
	await handle.drop();
});

async function certificateNoOf(name: string) {
	const r = await verifyCertificate(vector(name).token, { channel: 'api', log: false });
	return r.certificate!.certificateNo;
}

describe(`the served status list, read by independent implementations (${backend})`, () => {
	it('jose verifies its JWS with the JWKS the app serves', async () => {
		const { jwks, jws } = await served();
		const { payload, protectedHeader } = await jwtVerify(jws, createLocalJWKSet(jwks), {
			typ: 'statuslist+jwt'
		});
		expect(protectedHeader.alg).toBe('EdDSA');
		expect(payload.sub).toBe(`${origin}/api/v1/status-list`);
		expect(payload.status_list).toMatchObject({ bits: 2 });
		// and not with a JWKS where the key is another one
		const other = toBase64url(await getPublicKeyAsync(new Uint8Array(32).fill(9)));
		const swapped = { keys: jwks.keys.map((k: object) => ({ ...k, x: other })) };
		await expect(jwtVerify(jws, createLocalJWKSet(swapped))).rejects.toThrow();
	});

	it('@sd-jwt/jwt-status-list reads each vector’s status as the app means it', async () => {
		const { jws } = await served();
		const theirs = getListFromStatusListJWT(jws);
		const cases = [
			['valid', 'valid'],
			['rotated-key-still-valid', 'valid'],
			['revoked', 'revoked'],
			['void-reissued', 'void'],
			['notice-running', 'notice']
		] as const;
		for (const [name, status] of cases) {
			const index = statusIndexOf(await certificateNoOf(name));
			expect(index, name).toBeTypeOf('number');
			expect(theirs.getStatus(index!), name).toBe(IETF_STATUS_CODE[status]);
		}
		expect(IETF_STATUS_CODE.revoked).toBe(0x01); // the draft's INVALID
		expect(IETF_STATUS_CODE.notice).toBe(0x02); // SUSPENDED
	});
});

describe(`key pinning: the offline check trusts only office keys the city root signed (${backend})`, () => {
	async function offline(jwks: unknown, jws: string) {
		const keys = await keysFromJwks(jwks, root);
		const list = await verifyStatusList(jws, (kid) => keys.get(kid)?.publicKey);
		return { keys, statusList: list.ok ? list.list : null };
	}

	/** An attacker's copy of a genuine token, signed with their own key under `kid`. */
	async function forgedToken(kid: string, privateKey: Uint8Array) {
		const d = decodeToken(vector('valid').token);
		if (!d.ok) throw new Error('vector does not decode');
		return encodeAndSign(d.payload, { kid, privateKey });
	}

	it('accepts the real JWKS: every key is attested, every vector gets its verdict', async () => {
		const { jwks, jws } = await served();
		const data = await offline(jwks, jws);
		expect(data.keys.size).toBe(jwks.keys.length);
		expect(data.keys.size).toBeGreaterThan(1);
		expect(data.statusList).not.toBeNull();
		for (const v of vectors) {
			const r = await verifyOffline(v.token, data);
			expect({ name: v.name, verdict: r.verdict }).toEqual({
				name: v.name,
				verdict: v.expectOffline
			});
		}
	});

	it('refuses a key added to the JWKS by someone else, even with an attestation of their own', async () => {
		const { jwks, jws } = await served();
		const attacker = new Uint8Array(32).fill(5);
		const attackerPub = await getPublicKeyAsync(attacker);
		const x = toBase64url(attackerPub);
		const att = await signKeyAttestation(
			{ kid: 'evil0001', x, org: jwks.keys[0].org, nbf: 0 },
			{ privateKey: attacker, publicKey: attackerPub }
		);
		const forged = {
			keys: [...jwks.keys, { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: 'evil0001', x, att }]
		};
		const token = await forgedToken('evil0001', attacker);
		const data = await offline(forged, jws);
		expect(data.keys.has('evil0001')).toBe(false);
		expect((await verifyOffline(token, data)).verdict).toBe('invalid');
		// what the check did before pinning: any key of the fetched JWKS was trusted
		const trusting = new Map(data.keys).set('evil0001', {
			kid: 'evil0001',
			publicKey: attackerPub
		});
		expect((await verifyOffline(token, { ...data, keys: trusting })).verdict).toBe('valid');
	});

	it('refuses a real kid whose key was swapped, and a JWKS without attestations', async () => {
		const { jwks, jws } = await served();
		const attacker = new Uint8Array(32).fill(6);
		const x = toBase64url(await getPublicKeyAsync(attacker));
		const d = decodeToken(vector('valid').token);
		if (!d.ok) throw new Error('vector does not decode');
		const kid = d.kid;
		const swapped = {
			keys: jwks.keys.map((k: { kid: string }) => (k.kid === kid ? { ...k, x } : k))
		};
		const data = await offline(swapped, jws);
		expect(data.keys.has(kid)).toBe(false);
		expect((await verifyOffline(await forgedToken(kid, attacker), data)).verdict).toBe('invalid');
		const bare = { keys: jwks.keys.map((k: object) => ({ ...k, att: undefined })) };
		expect((await keysFromJwks(bare, root)).size).toBe(0);
	});

	it('takes a key’s retirement from the attestation, not from the editable JWK', async () => {
		const { jwks } = await served();
		const retired = jwks.keys.find((k: { retired?: number }) => typeof k.retired === 'number');
		expect(retired).toBeDefined();
		const stripped = {
			keys: jwks.keys.map((k: { kid: string }) =>
				k.kid === retired.kid ? { ...k, retired: undefined } : k
			)
		};
		expect((await keysFromJwks(stripped, root)).get(retired.kid)?.retired).toBe(retired.retired);
	});

	it('the server refuses to publish keys with a root the build does not pin', async () => {
		const saved = process.env.CITY_ROOT_KEY;
		process.env.CITY_ROOT_KEY = Buffer.alloc(32, 3).toString('base64');
		resetCityRoot();
		try {
			await expect(publicJwks(db())).rejects.toThrow(/not the one this build pins/);
		} finally {
			if (saved === undefined) delete process.env.CITY_ROOT_KEY;
			else process.env.CITY_ROOT_KEY = saved;
			resetCityRoot();
		}
		expect((await publicJwks(db())).keys.length).toBeGreaterThan(0);
	});
});

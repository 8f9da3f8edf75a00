import { getPublicKeyAsync, utils } from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { formDigest, signArchiveFormToken, verifyArchiveFormToken } from './archive-form-token.js';

const sha = 'ab'.repeat(32);

async function key(kid = 'k1') {
	const privateKey = utils.randomSecretKey();
	return { kid, privateKey, publicKey: await getPublicKeyAsync(privateKey) };
}

describe('archive form token', () => {
	it('verifies with the issuing key and carries form number, key id and digest', async () => {
		const k = await key();
		const token = await signArchiveFormToken({ formNo: 'RDZC2026AB12', contentSha256: sha }, k);
		const result = await verifyArchiveFormToken(token, (kid) =>
			kid === 'k1' ? k.publicKey : undefined
		);
		expect(result).toEqual({
			ok: true,
			claim: { formNo: 'RDZC2026AB12', kid: 'k1', digest: formDigest(sha) }
		});
		expect(token.length).toBeLessThan(160);
	});

	it('rejects a changed form number, digest or key id, a truncated signature and an unknown key', async () => {
		const k = await key();
		const other = await key('k2');
		const keys = (kid: string) =>
			kid === 'k1' ? k.publicKey : kid === 'k2' ? other.publicKey : undefined;
		const token = await signArchiveFormToken({ formNo: 'RDZC2026AB12', contentSha256: sha }, k);
		const [v, formNo, kid, digest, sig] = token.split('.');
		const cases = [
			[v, 'RDZC2026AB13', kid, digest, sig],
			[v, formNo, 'k2', digest, sig],
			[v, formNo, kid, formDigest('cd'.repeat(32)), sig],
			[v, formNo, kid, digest, sig.slice(0, -4)],
			['F2', formNo, kid, digest, sig]
		];
		for (const parts of cases) {
			const r = await verifyArchiveFormToken(parts.join('.'), keys);
			expect(r.ok, parts.join('.')).toBe(false);
		}
		expect(await verifyArchiveFormToken(token, () => undefined)).toEqual({
			ok: false,
			reason: 'unknown-key'
		});
		expect((await verifyArchiveFormToken('nonsense', keys)).ok).toBe(false);
	});
});

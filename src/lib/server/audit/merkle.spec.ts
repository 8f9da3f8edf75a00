import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	appendToFrontier,
	EMPTY_ROOT,
	frontierFits,
	leafHash,
	rootOf,
	rootOfFrontier
} from './merkle.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`entry ${i}`));

describe('audit Merkle tree (RFC 9162)', () => {
	it('matches the RFC 6962 / 9162 reference hashes', () => {
		// The empty tree and the test vectors of the Certificate Transparency reference code
		// (leaves "", 0x00, 0x10, 0x2021, 0x3031, 0x40414243, …).
		expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		const ct = [
			'',
			'00',
			'10',
			'2021',
			'3031',
			'40414243',
			'5051525354555657',
			'606162636465666768696a6b6c6d6e6f'
		].map((h) => leafHash(Buffer.from(h, 'hex')));
		expect(rootOf(ct.slice(0, 1))).toBe(
			'6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'
		);
		expect(rootOf(ct.slice(0, 2))).toBe(
			'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'
		);
		expect(rootOf(ct.slice(0, 3))).toBe(
			'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77'
		);
		expect(rootOf(ct)).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
	});

	it('the frontier gives the same root as the whole tree, at every size', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
				const all = leaves(n);
				let frontier: string[] = [];
				for (let i = 0; i < n; i++) frontier = appendToFrontier(frontier, i, all[i]);
				expect(frontierFits(frontier, n)).toBe(true);
				expect(rootOfFrontier(frontier)).toBe(rootOf(all));
			}),
			{ numRuns: 60 }
		);
	});
});

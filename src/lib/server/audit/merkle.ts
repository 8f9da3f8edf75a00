/**
 * The audit log's Merkle tree, as Certificate Transparency defines it (RFC 9162 §2.1):
 * leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right), and the tree
 * of n leaves splits at the largest power of two smaller than n. Pure functions over hex
 * strings, so the server, the verify command and the tests share one definition.
 *
 * A tree is extended without its leaves through its frontier: the roots of the perfect
 * subtrees that make up the first n leaves, largest first (one per set bit of n).
 */
import { createHash } from 'node:crypto';

export type Hash = string;

export const EMPTY_ROOT: Hash = createHash('sha256').digest('hex');

export function leafHash(leaf: string | Uint8Array): Hash {
	return createHash('sha256').update(Uint8Array.of(0)).update(leaf).digest('hex');
}

export function nodeHash(left: Hash, right: Hash): Hash {
	return createHash('sha256')
		.update(Uint8Array.of(1))
		.update(Buffer.from(left, 'hex'))
		.update(Buffer.from(right, 'hex'))
		.digest('hex');
}

/** Appends one leaf hash to a frontier of `size` leaves; returns the new frontier. */
export function appendToFrontier(frontier: readonly Hash[], size: number, leaf: Hash): Hash[] {
	const next = frontier.slice();
	let node = leaf;
	// Each trailing 1 bit of `size` is a perfect subtree of the same height as `node`: merge.
	for (let s = size; s % 2 === 1; s = Math.floor(s / 2)) node = nodeHash(next.pop()!, node);
	next.push(node);
	return next;
}

/** The root of the tree whose frontier this is (the right-most subtrees fold first). */
export function rootOfFrontier(frontier: readonly Hash[]): Hash {
	if (frontier.length === 0) return EMPTY_ROOT;
	let root = frontier[frontier.length - 1];
	for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i], root);
	return root;
}

/** A frontier is valid for `size` leaves when it has one hash per set bit. */
export function frontierFits(frontier: readonly Hash[], size: number): boolean {
	let bits = 0;
	for (let s = size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
	return frontier.length === bits && frontier.every((h) => /^[0-9a-f]{64}$/.test(h));
}

function largestPowerOfTwoBelow(n: number): number {
	let k = 1;
	while (k * 2 < n) k *= 2;
	return k;
}

/** MTH(D[n]) over leaf hashes. */
export function rootOf(leaves: readonly Hash[]): Hash {
	if (leaves.length === 0) return EMPTY_ROOT;
	if (leaves.length === 1) return leaves[0];
	const k = largestPowerOfTwoBelow(leaves.length);
	return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

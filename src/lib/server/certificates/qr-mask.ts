/**
 * qrcode's choice of mask pattern, computed on flat arrays: the same eight candidates, the
 * same four penalty rules (ISO/IEC 18004 as qrcode scores them) and the same tie-break (the
 * lowest pattern wins), so the chosen mask, and so every printed module, is unchanged
 * (qr-mask.spec.ts compares it with qrcode's own function). qrcode's version walks the matrix
 * through `get(row, col)` calls and was most of the QR code's time on a certificate.
 */
import { createRequire } from 'node:module';

interface BitMatrix {
	size: number;
	data: Uint8Array;
	reservedBit: Uint8Array;
}

interface MaskPatternModule {
	getBestMask(data: BitMatrix, setupFormatFunc: (pattern: number) => void): number;
}

const require = createRequire(import.meta.url);
/** The module qrcode itself requires (one module instance per path in node's cache). */
export const maskPatternModule = require('qrcode/lib/core/mask-pattern') as MaskPatternModule;
export const originalGetBestMask = maskPatternModule.getBestMask;

function maskAt(pattern: number, i: number, j: number): boolean {
	switch (pattern) {
		case 0:
			return (i + j) % 2 === 0;
		case 1:
			return i % 2 === 0;
		case 2:
			return j % 3 === 0;
		case 3:
			return (i + j) % 3 === 0;
		case 4:
			return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
		case 5:
			return ((i * j) % 2) + ((i * j) % 3) === 0;
		case 6:
			return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
		default:
			return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
	}
}

/** Per size: for each pattern, the flat indices its mask flips (reserved modules excluded later). */
const maskCache = new Map<number, Uint8Array[]>();

function masks(size: number): Uint8Array[] {
	let m = maskCache.get(size);
	if (!m) {
		m = [];
		for (let p = 0; p < 8; p++) {
			const mask = new Uint8Array(size * size);
			for (let row = 0; row < size; row++)
				for (let col = 0; col < size; col++) mask[row * size + col] = maskAt(p, row, col) ? 1 : 0;
			m.push(mask);
		}
		maskCache.set(size, m);
	}
	return m;
}

export function penalty(size: number, d: Uint8Array): number {
	let points = 0;
	// N1 (runs of ≥ 5) and N3 (1:1:3:1:1 finder-like patterns), rows and columns together
	for (let a = 0; a < size; a++) {
		let runRow = 0;
		let runCol = 0;
		let lastRow = -1;
		let lastCol = -1;
		let bitsRow = 0;
		let bitsCol = 0;
		for (let b = 0; b < size; b++) {
			const h = d[a * size + b];
			if (h === lastRow) runRow++;
			else {
				if (runRow >= 5) points += 3 + (runRow - 5);
				lastRow = h;
				runRow = 1;
			}
			const v = d[b * size + a];
			if (v === lastCol) runCol++;
			else {
				if (runCol >= 5) points += 3 + (runCol - 5);
				lastCol = v;
				runCol = 1;
			}
			bitsRow = ((bitsRow << 1) & 0x7ff) | h;
			bitsCol = ((bitsCol << 1) & 0x7ff) | v;
			if (b >= 10) {
				if (bitsRow === 0x5d0 || bitsRow === 0x05d) points += 40;
				if (bitsCol === 0x5d0 || bitsCol === 0x05d) points += 40;
			}
		}
		if (runRow >= 5) points += 3 + (runRow - 5);
		if (runCol >= 5) points += 3 + (runCol - 5);
	}
	// N2: 2×2 blocks of one colour
	let blocks = 0;
	for (let row = 0; row < size - 1; row++) {
		const top = row * size;
		const bottom = top + size;
		for (let col = 0; col < size - 1; col++) {
			const sum = d[top + col] + d[top + col + 1] + d[bottom + col] + d[bottom + col + 1];
			if (sum === 4 || sum === 0) blocks++;
		}
	}
	points += blocks * 3;
	// N4: balance of dark modules
	let dark = 0;
	for (let i = 0; i < d.length; i++) dark += d[i];
	points += Math.abs(Math.ceil((dark * 100) / d.length / 5) - 10) * 10;
	return points;
}

export function fastGetBestMask(data: BitMatrix, setupFormatFunc: (pattern: number) => void) {
	const { size } = data;
	const all = masks(size);
	const work = new Uint8Array(size * size);
	let best = 0;
	let lowest = Infinity;
	for (let p = 0; p < 8; p++) {
		setupFormatFunc(p);
		const mask = all[p];
		const d = data.data;
		const reserved = data.reservedBit;
		for (let i = 0; i < work.length; i++) work[i] = reserved[i] ? d[i] : d[i] ^ mask[i];
		const score = penalty(size, work);
		if (score < lowest) {
			lowest = score;
			best = p;
		}
	}
	return best;
}

maskPatternModule.getBestMask = fastGetBestMask;

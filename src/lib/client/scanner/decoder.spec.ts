import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZXING_WASM_VERSION } from 'barcode-detector/ponyfill';

describe('self-hosted QR decoder', () => {
	it('serves the wasm of exactly the zxing-wasm version the polyfill was built for', () => {
		// decoder.ts imports `zxing-wasm/reader/zxing_reader.wasm?url` from node_modules; a
		// different version would not match the polyfill's JavaScript glue.
		const installed = JSON.parse(readFileSync('node_modules/zxing-wasm/package.json', 'utf8')) as {
			version: string;
		};
		expect(installed.version).toBe(ZXING_WASM_VERSION);
	});

	it('never points the polyfill at a CDN: the wasm URL comes from this build', () => {
		const source = readFileSync('src/lib/client/scanner/decoder.ts', 'utf8');
		expect(source).toContain("from 'zxing-wasm/reader/zxing_reader.wasm?url'");
		expect(source).toMatch(/locateFile:[\s\S]*wasmUrl/);
		expect(source).not.toMatch(/https?:\/\//);
	});
});

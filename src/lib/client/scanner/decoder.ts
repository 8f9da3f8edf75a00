/**
 * The QR decoder, loaded only when the scanner page needs it (never in the main bundle): the
 * browser's own BarcodeDetector where it reads QR codes (Chrome on Android, Safari 17+), else
 * the `barcode-detector` polyfill (ZXing-C++ in WebAssembly). The camera (camera.ts) and the
 * photo fallback both call its detect() on pixels they choose.
 *
 * The .wasm is SELF-HOSTED: Vite emits it from node_modules as a hashed asset of this build
 * (`?url`), and `locateFile` points the polyfill at it — by default it would fetch from a CDN,
 * and the app never calls a third-party host (CSP: connect-src 'self', 'wasm-unsafe-eval').
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export type Detector = typeof import('barcode-detector/ponyfill').BarcodeDetector;

let loading: Promise<Detector> | undefined;

async function install(): Promise<Detector> {
	const polyfill = await import('barcode-detector/ponyfill');
	polyfill.prepareZXingModule({
		overrides: {
			locateFile: (path: string, prefix: string) =>
				path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path
		}
	});
	const native = (globalThis as { BarcodeDetector?: Detector }).BarcodeDetector;
	const nativeReadsQr =
		native && native !== polyfill.BarcodeDetector
			? ((await native.getSupportedFormats().catch(() => [])) as string[]).includes('qr_code')
			: false;
	if (native && nativeReadsQr) return native;
	// compile the wasm now, not on the first frame
	await polyfill.prepareZXingModule({ fireImmediately: true }).catch(() => undefined);
	return polyfill.BarcodeDetector;
}

export function loadDecoder(): Promise<Detector> {
	loading ??= install().catch((e) => {
		loading = undefined;
		throw e;
	});
	return loading;
}

/** Reads a QR code from a photo (the fallback when the camera cannot be used). */
export async function decodeImageFile(file: Blob): Promise<string | null> {
	const BarcodeDetector = await loadDecoder();
	const bitmap = await createImageBitmap(file);
	try {
		const codes = await new BarcodeDetector({ formats: ['qr_code'] }).detect(bitmap);
		return codes[0]?.rawValue ?? null;
	} finally {
		bitmap.close();
	}
}

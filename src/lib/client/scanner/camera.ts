/**
 * The live camera scanner around html5-qrcode: rear camera by default (`facingMode:
 * 'environment'`, not `exact`, so a laptop's only camera still works), camera switching, and
 * torch and zoom where the device reports them. The qrbox draws the frame guide.
 */
import { loadDecoder } from './decoder.js';

export interface CameraControls {
	cameras: { id: string; label: string }[];
	torch: boolean;
	zoom: { min: number; max: number; step: number; value: number } | null;
}

export interface LiveScanner {
	controls: CameraControls;
	setTorch(on: boolean): Promise<void>;
	setZoom(value: number): Promise<void>;
	/** Restarts on the next camera (front/rear, or the next of several). */
	switchCamera(): Promise<void>;
	stop(): Promise<void>;
}

export async function startScanner(
	elementId: string,
	onCode: (text: string) => void
): Promise<LiveScanner> {
	const { Html5Qrcode, Html5QrcodeSupportedFormats } = await loadDecoder();
	const qr = new Html5Qrcode(elementId, {
		formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE],
		useBarCodeDetectorIfSupported: true,
		verbose: false
	});
	let done = false;
	const config = {
		fps: 15,
		qrbox: (w: number, h: number) => {
			const side = Math.max(120, Math.floor(Math.min(w, h) * 0.72));
			return { width: side, height: side };
		}
	};
	const onSuccess = (text: string) => {
		if (done) return;
		done = true;
		onCode(text);
	};
	await qr.start({ facingMode: 'environment' }, config, onSuccess, () => undefined);

	const controls: CameraControls = { cameras: [], torch: false, zoom: null };
	try {
		controls.cameras = await Html5Qrcode.getCameras();
	} catch {
		controls.cameras = [];
	}
	const readCapabilities = () => {
		try {
			const caps = qr.getRunningTrackCameraCapabilities();
			controls.torch = caps.torchFeature().isSupported();
			const zoom = caps.zoomFeature();
			controls.zoom = zoom.isSupported()
				? { min: zoom.min(), max: zoom.max(), step: zoom.step(), value: zoom.value() ?? zoom.min() }
				: null;
		} catch {
			controls.torch = false;
			controls.zoom = null;
		}
	};
	readCapabilities();
	let cameraIndex = -1;

	return {
		controls,
		async setTorch(on) {
			await qr.getRunningTrackCameraCapabilities().torchFeature().apply(on);
		},
		async setZoom(value) {
			await qr.getRunningTrackCameraCapabilities().zoomFeature().apply(value);
		},
		async switchCamera() {
			if (controls.cameras.length < 2) return;
			const current = qr.getRunningTrackSettings().deviceId;
			if (cameraIndex < 0) cameraIndex = controls.cameras.findIndex((c) => c.id === current);
			cameraIndex = (cameraIndex + 1) % controls.cameras.length;
			await qr.stop();
			await qr.start(
				{ deviceId: { exact: controls.cameras[cameraIndex].id } },
				config,
				onSuccess,
				() => undefined
			);
			readCapabilities();
		},
		async stop() {
			done = true;
			if (qr.isScanning) await qr.stop().catch(() => undefined);
			qr.clear();
		}
	};
}

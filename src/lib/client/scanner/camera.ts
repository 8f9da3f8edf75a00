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
	/**
	 * What the running camera offers. A NEW object after each switchCamera() (another camera
	 * may have no torch or zoom): read it again after a switch, never keep the old one.
	 */
	readonly controls: CameraControls;
	setTorch(on: boolean): Promise<void>;
	setZoom(value: number): Promise<void>;
	/**
	 * Restarts on the next camera (front/rear, or the next of several); its torch is off and
	 * its zoom at its own setting. A call while a switch is running waits for that one.
	 */
	switchCamera(): Promise<void>;
	stop(): Promise<void>;
}

export async function startScanner(
	elementId: string,
	onCode: (text: string) => void
): Promise<LiveScanner> {
	const { Html5Qrcode, Html5QrcodeScannerState, Html5QrcodeSupportedFormats } = await loadDecoder();
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

	let cameras: CameraControls['cameras'] = [];
	try {
		cameras = await Html5Qrcode.getCameras();
	} catch {
		cameras = [];
	}
	const readCapabilities = (): CameraControls => {
		try {
			const caps = qr.getRunningTrackCameraCapabilities();
			const zoom = caps.zoomFeature();
			return {
				cameras,
				torch: caps.torchFeature().isSupported(),
				zoom: zoom.isSupported()
					? {
							min: zoom.min(),
							max: zoom.max(),
							step: zoom.step(),
							value: zoom.value() ?? zoom.min()
						}
					: null
			};
		} catch {
			return { cameras, torch: false, zoom: null };
		}
	};
	let controls = readCapabilities();
	let cameraIndex = -1;
	let switching: Promise<void> | null = null;

	/**
	 * qr.start() resolves before the video plays, and until it plays html5-qrcode cannot stop
	 * it (stop() throws on the missing scan canvas and leaves the scanner half stopped): a
	 * switch waits for the running camera's first frame, and for the new one's.
	 */
	const playing = async () => {
		for (let i = 0; !qr.isScanning && i < 200; i++) await new Promise((r) => setTimeout(r, 50));
	};

	const switchCamera = async () => {
		if (cameras.length < 2 || done) return;
		await playing();
		if (done) return; // a code was read, or stop() was called, meanwhile
		const current = qr.getRunningTrackSettings().deviceId;
		if (cameraIndex < 0) cameraIndex = cameras.findIndex((c) => c.id === current);
		cameraIndex = (cameraIndex + 1) % cameras.length;
		await qr.stop();
		await qr.start(
			{ deviceId: { exact: cameras[cameraIndex].id } },
			config,
			onSuccess,
			() => undefined
		);
		controls = readCapabilities();
		await playing();
	};

	return {
		get controls() {
			return controls;
		},
		async setTorch(on) {
			await qr.getRunningTrackCameraCapabilities().torchFeature().apply(on);
		},
		async setZoom(value) {
			await qr.getRunningTrackCameraCapabilities().zoomFeature().apply(value);
		},
		switchCamera() {
			switching ??= switchCamera().finally(() => (switching = null));
			return switching;
		},
		async stop() {
			done = true;
			// a switch in progress would otherwise open the next camera after this stop
			await switching?.catch(() => undefined);
			// by state, not `isScanning`: that turns true only once the video plays, and a camera
			// opened but not yet playing must be released too
			const state = qr.getState();
			if (state === Html5QrcodeScannerState.SCANNING || state === Html5QrcodeScannerState.PAUSED)
				// before the first frame this closes the tracks, then throws (see playing())
				await Promise.resolve()
					.then(() => qr.stop())
					.catch(() => undefined);
			try {
				qr.clear();
			} catch {
				// stopped before its first frame, html5-qrcode still counts it as scanning
			}
		}
	};
}

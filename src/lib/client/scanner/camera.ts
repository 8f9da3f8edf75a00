/**
 * The live camera scanner: rear camera by default (`facingMode: 'environment'`, not `exact`, so
 * a laptop's only camera still works), camera switching, and torch and zoom where the device
 * reports them.
 *
 * Every frame is decoded at the camera's OWN resolution (`videoWidth × videoHeight`), never at
 * the size the <video> is shown at. html5-qrcode, used before, copied a qrbox of the displayed
 * video in CSS pixels: on a 390 px wide phone that is a ~190 px canvas holding a 345 px (640×480
 * stream) or 690 px (1280×960) region of the frame — a printed QR of 57 modules came down to
 * 1–2 px per module, below what any decoder reads once the photo is blurred or rotated. A
 * tablet, whose displayed video is about the stream's size, happened to work.
 *
 * Each try is one BarcodeDetector.detect() on a canvas drawn from the video; the tries take
 * turns frame by frame: the whole frame, then its centre upscaled (a code that fills little of
 * the frame gets more pixels per module). One detect runs at a time, so a slow phone drops
 * frames instead of queueing them.
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
	/** The running camera's frame size in pixels (what is decoded). */
	readonly resolution: { width: number; height: number };
	setTorch(on: boolean): Promise<void>;
	setZoom(value: number): Promise<void>;
	/**
	 * Restarts on the next camera (front/rear, or the next of several); its torch is off and
	 * its zoom at its own setting. A call while a switch is running waits for that one.
	 */
	switchCamera(): Promise<void>;
	stop(): Promise<void>;
}

/** As sharp as the camera gives (a small code needs pixels), without forcing a size. */
const RESOLUTION = { width: { ideal: 1920 }, height: { ideal: 1080 } } as const;

/** One region of the frame to decode: a crop (fractions of the frame) and its upscaling. */
interface Try {
	/** Side of the centred crop as a fraction of each dimension (1 = the whole frame). */
	crop: number;
	/** Upscaling of a crop (at most to MAX_SIDE pixels); the whole frame is never scaled. */
	scale: number;
}
const TRIES: Try[] = [
	{ crop: 1, scale: 1 },
	{ crop: 0.5, scale: 2 }
];
const MAX_SIDE = 1920;

type TorchZoomCaps = MediaTrackCapabilities & {
	torch?: boolean;
	zoom?: { min: number; max: number; step?: number };
};
type TorchZoomSettings = MediaTrackSettings & { zoom?: number };

export async function startScanner(
	elementId: string,
	onCode: (text: string) => void
): Promise<LiveScanner> {
	const Detector = await loadDecoder();
	const detector = new Detector({ formats: ['qr_code'] });
	const host = document.getElementById(elementId);
	if (!host) throw new Error(`no element #${elementId}`);
	if (!navigator.mediaDevices?.getUserMedia)
		throw new DOMException('no camera API (insecure page?)', 'NotFoundError');

	const video = document.createElement('video');
	video.muted = true;
	video.playsInline = true;
	video.setAttribute('playsinline', '');
	video.setAttribute('aria-hidden', 'true');
	host.replaceChildren(video);
	const canvas = document.createElement('canvas');
	const ctx = canvas.getContext('2d', { willReadFrequently: true })!;

	let done = false;
	let stream: MediaStream | null = null;
	let busy = false;
	let turn = 0;
	let timer: ReturnType<typeof setTimeout> | undefined;

	const track = () => stream?.getVideoTracks()[0] ?? null;
	const release = (s: MediaStream | null) => s?.getTracks().forEach((t) => t.stop());

	/** Decodes one region of the current frame; null when no code was found. */
	const decodeOnce = async (): Promise<string | null> => {
		const w = video.videoWidth;
		const h = video.videoHeight;
		if (!w || !h) return null;
		const t = TRIES[turn++ % TRIES.length];
		const sw = Math.round(w * t.crop);
		const sh = Math.round(h * t.crop);
		// the whole frame as it is; a crop upscaled, but never past MAX_SIDE nor below its size
		const scale = t.crop === 1 ? 1 : Math.max(1, Math.min(t.scale, MAX_SIDE / Math.max(sw, sh)));
		const dw = Math.round(sw * scale);
		const dh = Math.round(sh * scale);
		if (canvas.width !== dw || canvas.height !== dh) {
			canvas.width = dw;
			canvas.height = dh;
		}
		ctx.imageSmoothingEnabled = true;
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(video, (w - sw) / 2, (h - sh) / 2, sw, sh, 0, 0, dw, dh);
		const codes = await detector.detect(ctx.getImageData(0, 0, dw, dh));
		return codes.find((c) => c.rawValue)?.rawValue ?? null;
	};

	const schedule = () => {
		if (done) return;
		const v = video as HTMLVideoElement & {
			requestVideoFrameCallback?: (cb: () => void) => number;
		};
		// a new frame, or (browsers without the callback, a paused camera) a 15 fps clock
		if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => void step());
		else timer = setTimeout(() => void step(), 66);
	};
	const step = async () => {
		if (done || busy) return;
		busy = true;
		try {
			const text = await decodeOnce();
			if (text && !done) {
				done = true;
				onCode(text);
				return;
			}
		} catch {
			// a frame the detector could not take (camera switching): try the next one
		} finally {
			busy = false;
		}
		schedule();
	};

	/** Opens a camera and shows it; resolves when its first frame plays. */
	const open = async (camera: MediaTrackConstraints) => {
		const next = await navigator.mediaDevices.getUserMedia({
			audio: false,
			video: { ...camera, ...RESOLUTION }
		});
		if (done) {
			// stopped while the camera was opening: nothing may keep running
			release(next);
			return;
		}
		stream = next;
		video.srcObject = next;
		await video.play().catch(() => undefined);
		if (!video.videoWidth)
			await new Promise<void>((resolve) => {
				const ready = () => resolve();
				video.addEventListener('loadeddata', ready, { once: true });
				setTimeout(ready, 3000);
			});
	};

	const listCameras = async (): Promise<CameraControls['cameras']> => {
		try {
			const devices = await navigator.mediaDevices.enumerateDevices();
			return devices
				.filter((d) => d.kind === 'videoinput' && d.deviceId)
				.map((d, i) => ({ id: d.deviceId, label: d.label || `摄像头 ${i + 1}` }));
		} catch {
			return [];
		}
	};

	const readCapabilities = (): CameraControls => {
		const t = track();
		try {
			const caps = (t?.getCapabilities?.() ?? {}) as TorchZoomCaps;
			const settings = (t?.getSettings() ?? {}) as TorchZoomSettings;
			const zoom = caps.zoom;
			return {
				cameras,
				torch: caps.torch === true,
				zoom:
					zoom &&
					typeof zoom.min === 'number' &&
					typeof zoom.max === 'number' &&
					zoom.max > zoom.min
						? {
								min: zoom.min,
								max: zoom.max,
								step: zoom.step || 0.1,
								value: settings.zoom ?? zoom.min
							}
						: null
			};
		} catch {
			return { cameras, torch: false, zoom: null };
		}
	};

	await open({ facingMode: 'environment' });
	// labels and ids are complete only once a camera is open
	const cameras = await listCameras();
	let controls = readCapabilities();
	let cameraIndex = -1;
	let switching: Promise<void> | null = null;
	schedule();

	const switchCamera = async () => {
		if (cameras.length < 2 || done) return;
		const current = track()?.getSettings().deviceId;
		if (cameraIndex < 0)
			cameraIndex = Math.max(
				0,
				cameras.findIndex((c) => c.id === current)
			);
		cameraIndex = (cameraIndex + 1) % cameras.length;
		// release the running camera first: many phones open only one at a time
		const old = stream;
		stream = null;
		release(old);
		await open({ deviceId: { exact: cameras[cameraIndex].id } });
		if (done) return;
		controls = readCapabilities();
	};

	return {
		get controls() {
			return controls;
		},
		get resolution() {
			return { width: video.videoWidth, height: video.videoHeight };
		},
		async setTorch(on) {
			await track()?.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
		},
		async setZoom(value) {
			await track()?.applyConstraints({ advanced: [{ zoom: value } as MediaTrackConstraintSet] });
		},
		switchCamera() {
			switching ??= switchCamera().finally(() => (switching = null));
			return switching;
		},
		async stop() {
			done = true;
			clearTimeout(timer);
			release(stream);
			stream = null;
			video.pause();
			video.srcObject = null;
			video.remove();
		}
	};
}

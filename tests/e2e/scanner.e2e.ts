/**
 * The built-in scanner (/scan) in Chromium with a FAKE CAMERA: a QR code of a real issued
 * certificate's URL is turned into a .y4m video (ffmpeg) that Chromium plays as its camera.
 * Also the photo fallback for every shared vector, online and offline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, devices, expect, test, type Browser, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { verdictLabels } from '../../src/lib/domain/verification.js';
import { checkTools, requireTool } from '../fixtures/certificates/tools.js';
import { chromiumArgs, chromiumPath } from './browser.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

const PORT = 4392;
// The fake camera's videos are made with ffmpeg: like Chromium, a missing one skips those tests
// loudly outside CI and fails them in CI.
const ffmpeg = checkTools(['ffmpeg'], process.env, 'SCANNER CAMERA TESTS');
// Said by the worker only: the runner loads this file too, to list the tests.
if (ffmpeg.line && process.env.TEST_WORKER_INDEX !== undefined) console.error(`\n${ffmpeg.line}\n`);
const needFfmpeg = () => test.skip(ffmpeg.verdict === 'skip', 'ffmpeg is not installed');
let server: VerifyServer;
let dir: string;
const phone = { ...devices['Pixel 7'] } as Record<string, unknown>;
delete phone.defaultBrowserType;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await startVerifyServer(PORT);
	dir = mkdtempSync(path.join(tmpdir(), 'zc-scan-'));
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const urlOf = (token: string) => `${server.origin}/v/${token}`;

/** A QR code as printed (level M, quiet zone), as a PNG file. */
async function qrPng(text: string, name: string): Promise<string> {
	const file = path.join(dir, `${name}.png`);
	await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', margin: 4, width: 300 });
	return file;
}

/** The QR centred on a 640×480 white frame, 3 s of video (Chromium loops it). */
async function qrVideo(text: string, name: string): Promise<string> {
	needFfmpeg();
	const png = await qrPng(text, name);
	const y4m = path.join(dir, `${name}.y4m`);
	const r = spawnSync(requireTool('ffmpeg'), [
		'-y',
		'-loglevel',
		'error',
		'-loop',
		'1',
		'-i',
		png,
		'-t',
		'3',
		'-r',
		'15',
		'-vf',
		'scale=300:300,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white',
		'-pix_fmt',
		'yuv420p',
		y4m
	]);
	if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
	return y4m;
}

/** 3 s of a plain white 640×480 frame: a camera that sees no code, so it keeps running. */
function plainVideo(name: string): string {
	needFfmpeg();
	const y4m = path.join(dir, `${name}.y4m`);
	const r = spawnSync(requireTool('ffmpeg'), [
		'-y',
		'-loglevel',
		'error',
		'-f',
		'lavfi',
		'-i',
		'color=c=white:s=640x480:r=15',
		'-t',
		'3',
		'-pix_fmt',
		'yuv420p',
		y4m
	]);
	if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
	return y4m;
}

/** A Chromium of its own whose camera shows `video`; every request is recorded. */
async function withCamera(video: string, run: (page: Page, hosts: Set<string>) => Promise<void>) {
	const browser: Browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: [
			...chromiumArgs,
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	});
	try {
		const context = await browser.newContext({
			...phone,
			baseURL: server.origin,
			locale: 'zh-CN',
			timezoneId: 'Asia/Shanghai',
			permissions: ['camera']
		});
		const page = await context.newPage();
		const hosts = new Set<string>();
		page.on('request', (r) => hosts.add(new URL(r.url()).host));
		await run(page, hosts);
		await context.close();
	} finally {
		await browser.close();
	}
}

async function openScanner(page: Page) {
	await page.goto('/scan');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-decoder-ready', 'true');
}

async function marks(page: Page) {
	return page.evaluate(() => {
		const m = (window as unknown as { __zcScan: Record<string, number> }).__zcScan;
		return {
			decodeMs: m.decodedAt - m.cameraReadyAt,
			offlineMs: m.offlineVerdictAt - m.decodedAt
		};
	});
}

for (const [name, expected] of [
	['valid', 'valid'],
	['forged-signature', 'invalid'],
	['revoked', 'revoked']
] as const) {
	test(`camera scan of the ${name} vector: ${verdictLabels[expected]}, confirmed online`, async () => {
		const video = await qrVideo(urlOf(server.vector(name).token), name);
		await withCamera(video, async (page, hosts) => {
			await openScanner(page);
			await page.getByTestId('start-camera').click();
			const verdict = page.getByTestId('verdict');
			await expect(verdict).toHaveAttribute('data-verdict', expected);
			await expect(page.getByTestId('verdict-word')).toContainText(verdictLabels[expected]);
			await expect(verdict).toHaveAttribute('data-mode', 'online');
			await expect(page.getByTestId('verdict-mode')).toContainText('在线核验');
			const m = await marks(page);
			test.info().annotations.push({ type: 'timing', description: JSON.stringify(m) });
			expect(m.offlineMs).toBeLessThan(1000);
			expect([...hosts]).toEqual([`127.0.0.1:${PORT}`]);
		});
	});
}

test('offline after the first visit: the camera verdict comes from cached keys and status list, labelled “状态截至”', async () => {
	const valid = await qrVideo(urlOf(server.vector('valid').token), 'offline-valid');
	await withCamera(valid, async (page) => {
		await openScanner(page);
		await page.context().setOffline(true);
		await page.getByTestId('start-camera').click();
		const verdict = page.getByTestId('verdict');
		await expect(verdict).toHaveAttribute('data-verdict', 'valid');
		await expect(verdict).toHaveAttribute('data-mode', 'offline');
		await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
		await expect(page.getByTestId('certificate-fields')).toContainText('测试机构');
		// the online upgrade failed quietly: still the offline verdict, no error
		await expect(page.getByTestId('verdict-mode')).not.toContainText('正在联网确认', {
			timeout: 10_000
		});
		await expect(verdict).toHaveAttribute('data-mode', 'offline');
	});
	const revoked = await qrVideo(urlOf(server.vector('revoked').token), 'offline-revoked');
	await withCamera(revoked, async (page) => {
		await openScanner(page);
		await page.context().setOffline(true);
		await page.getByTestId('start-camera').click();
		await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'revoked');
		await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
	});
});

test('scan from a photo: every shared vector and an archive form, online, then offline from the cached data', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await openScanner(page);
	const files = new Map<string, string>();
	for (const v of server.data.vectors)
		files.set(v.name, await qrPng(urlOf(v.token), `photo-${v.name}`));
	for (const offline of [false, true]) {
		await context.setOffline(offline);
		for (const v of server.data.vectors) {
			const expected = offline ? v.expectOffline : v.expect;
			await page.getByTestId('photo-input').setInputFiles(files.get(v.name)!);
			const verdict = page.getByTestId('verdict');
			await expect(verdict, `${v.name} offline=${offline}`).toHaveAttribute(
				'data-mode',
				offline ? 'offline' : 'online'
			);
			await expect(verdict, `${v.name} offline=${offline}`).toHaveAttribute(
				'data-verdict',
				expected
			);
			await expect(page.getByTestId('verdict-mode')).not.toContainText('正在联网确认');
		}
		// an archive form's QR (评审表/认定表): its own signature, and the register when online
		const form = await qrPng(`${server.origin}/v/f/${server.data.formToken}`, 'photo-form');
		await page.getByTestId('photo-input').setInputFiles(form);
		const verdict = page.getByTestId('verdict');
		await expect(verdict).toHaveAttribute('data-mode', offline ? 'offline' : 'online');
		await expect(verdict).toHaveAttribute('data-verdict', 'valid');
		await expect(page.locator('dl.facts')).toContainText('专业技术人员职称认定表');
	}
	await context.close();
});

test('the decoder is loaded lazily, its wasm self-hosted, and no page calls a third-party host', async ({
	page
}) => {
	const requested: string[] = [];
	page.on('request', (r) => requested.push(r.url()));
	const scripts: string[] = [];
	page.on('response', async (r) => {
		if (r.request().resourceType() === 'script') scripts.push(await r.text().catch(() => ''));
	});
	await page.goto(`${server.origin}/verify`);
	await page.goto(`${server.origin}/`);
	await page.waitForLoadState('networkidle');
	// the barcode-detector polyfill (its ZXing glue) is not in any other page's scripts
	const decoderCode = (s: string) => s.includes('Barcode detection service unavailable.');
	expect(scripts.some(decoderCode)).toBe(false);
	await page.goto(`${server.origin}/scan`);
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await expect
		.poll(() =>
			requested.some((u) => /\/_app\/immutable\/assets\/zxing_reader\.[\w-]+\.wasm$/.test(u))
		)
		.toBe(true);
	await expect.poll(() => scripts.some(decoderCode)).toBe(true);
	for (const u of requested) expect(new URL(u).origin).toBe(server.origin);
});

test('after one online visit the scanner page itself opens offline (service worker) and verifies a photo', async ({
	browser
}) => {
	const context = await browser.newContext({ baseURL: server.origin });
	const page = await context.newPage();
	await openScanner(page);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r));
	});
	await page.reload(); // controlled now: the worker keeps this page (network first)
	await openScanner(page);
	await context.setOffline(true);
	await page.reload();
	await openScanner(page);
	const png = await qrPng(urlOf(server.vector('revoked').token), 'sw-revoked');
	await page.getByTestId('photo-input').setInputFiles(png);
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'revoked');
	await expect(page.getByTestId('verdict-mode')).toContainText('离线核验，状态截至');
	await context.close();
});

/**
 * Chromium's fake camera is ONE device with no torch and no zoom. This init script makes the
 * browser report what a phone does, underneath our camera code (which runs unchanged): `navigator.mediaDevices` lists a second video input, and getUserMedia for it
 * returns either a blank canvas stream (a camera that does not see the code) or the same
 * fake camera again; with `torchAndZoom`, the fake camera's tracks report `torch` and
 * `zoom` in getCapabilities()/getSettings() and accept them in applyConstraints(), which
 * camera.ts reads and calls. Every getUserMedia request and
 * applyConstraints call is recorded in `window.__zcCameras`, and `gate` holds the second camera.
 */
interface CameraStubs {
	/** What the added second camera shows. */
	extra: 'blank' | 'fake';
	/** Which camera answers the page's first request, `{ facingMode: 'environment', … }`. */
	first: 'extra' | 'fake';
	/** The fake camera's tracks report torch and zoom 1–5 (step 0.1), as a rear camera does. */
	torchAndZoom: boolean;
}
const EXTRA_CAMERA = 'zc-test-second-camera';
/** What camera.ts asks every camera for, besides which one. */
const RESOLUTION = { width: { ideal: 1920 }, height: { ideal: 1080 } };

function stubCameras({ extra, first, torchAndZoom }: CameraStubs) {
	const EXTRA = 'zc-test-second-camera'; // EXTRA_CAMERA: this function runs in the page
	type Camera = 'extra' | 'fake';
	const log = {
		requests: [] as { video: unknown; camera: Camera }[],
		applied: [] as { constraints: unknown; camera: Camera }[],
		tracks: [] as { camera: Camera; track: MediaStreamTrack }[],
		/** When set, opening the second camera waits for it (a slow or busy camera). */
		gate: null as Promise<void> | null
	};
	(window as unknown as { __zcCameras: typeof log }).__zcCameras = log;
	const cameraOf = new WeakMap<MediaStreamTrack, Camera>();
	const md = navigator.mediaDevices;
	const enumerate = md.enumerateDevices.bind(md);
	const getUserMedia = md.getUserMedia.bind(md);

	md.enumerateDevices = async () => {
		const second = { deviceId: EXTRA, groupId: EXTRA, kind: 'videoinput', label: 'second' };
		return [...(await enumerate()), { ...second, toJSON: () => second } as MediaDeviceInfo];
	};

	const blankStream = () => {
		const canvas = document.createElement('canvas');
		canvas.width = 640;
		canvas.height = 480;
		const ctx = canvas.getContext('2d')!;
		let n = 0;
		const draw = () => {
			ctx.fillStyle = n++ % 2 ? '#808080' : '#818181';
			ctx.fillRect(0, 0, 640, 480);
		};
		draw();
		const stream = canvas.captureStream(15);
		const timer = setInterval(() => {
			if (stream.getVideoTracks()[0].readyState === 'ended') clearInterval(timer);
			else draw();
		}, 66);
		return stream;
	};

	md.getUserMedia = async (constraints?: MediaStreamConstraints) => {
		const video = constraints?.video;
		const id = typeof video === 'object' ? video.deviceId : undefined;
		const wanted = typeof id === 'object' && !Array.isArray(id) ? id.exact : id;
		const camera: Camera =
			wanted === EXTRA || (wanted === undefined && typeof video === 'object' && first === 'extra')
				? 'extra'
				: 'fake';
		log.requests.push({ video: JSON.parse(JSON.stringify(video ?? null)), camera });
		if (camera === 'extra' && log.gate) await log.gate;
		const stream =
			camera === 'fake'
				? await getUserMedia(constraints)
				: extra === 'blank'
					? blankStream()
					: await getUserMedia({ audio: false, video: true });
		const track = stream.getVideoTracks()[0];
		cameraOf.set(track, camera);
		log.tracks.push({ camera, track });
		if (camera === 'extra') {
			const own = track.getSettings.bind(track);
			track.getSettings = () => ({ ...own(), deviceId: EXTRA });
		}
		return stream;
	};

	const proto = MediaStreamTrack.prototype;
	const { getCapabilities, getSettings, applyConstraints } = proto;
	const simulated = new WeakMap<MediaStreamTrack, { torch: boolean; zoom: number }>();
	const reports = (track: MediaStreamTrack) => torchAndZoom && cameraOf.get(track) === 'fake';
	const stateOf = (track: MediaStreamTrack) => {
		if (!simulated.has(track)) simulated.set(track, { torch: false, zoom: 1 });
		return simulated.get(track)!;
	};
	proto.getCapabilities = function (this: MediaStreamTrack) {
		const real = getCapabilities.call(this);
		if (!reports(this)) return real;
		return { ...real, torch: true, zoom: { min: 1, max: 5, step: 0.1 } } as MediaTrackCapabilities;
	};
	proto.getSettings = function (this: MediaStreamTrack) {
		const real = getSettings.call(this);
		return reports(this) ? ({ ...real, ...stateOf(this) } as MediaTrackSettings) : real;
	};
	proto.applyConstraints = function (this: MediaStreamTrack, constraints?: MediaTrackConstraints) {
		const camera = cameraOf.get(this) ?? 'fake';
		log.applied.push({ constraints: JSON.parse(JSON.stringify(constraints ?? {})), camera });
		if (!reports(this)) return applyConstraints.call(this, constraints);
		// the simulated device takes torch and zoom (camera.ts sends them as `advanced`)
		const state = stateOf(this);
		for (const set of (constraints?.advanced ?? []) as Record<string, unknown>[]) {
			if (typeof set.torch === 'boolean') state.torch = set.torch;
			if (typeof set.zoom === 'number') state.zoom = set.zoom;
		}
		return Promise.resolve();
	};
}

const stub = (page: Page, stubs: CameraStubs) => page.addInitScript(stubCameras, stubs);

type CameraLog = {
	requests: { video: unknown; camera: 'extra' | 'fake' }[];
	applied: { constraints: unknown; camera: 'extra' | 'fake' }[];
};
const cameraLog = (page: Page) =>
	page.evaluate(() => {
		const log = (window as unknown as { __zcCameras: CameraLog }).__zcCameras;
		return { requests: log.requests, applied: log.applied };
	});
/** readyState of every track the page obtained, in order. */
const trackStates = (page: Page) =>
	page.evaluate(() =>
		(
			window as unknown as {
				__zcCameras: { tracks: { camera: string; track: MediaStreamTrack }[] };
			}
		).__zcCameras.tracks.map((t) => ({ camera: t.camera, state: t.track.readyState }))
	);

/** The live controls as a user (or a screen reader) finds them. */
const controlsOf = (page: Page) => ({
	stop: page.getByRole('button', { name: '停止扫码' }),
	switchCamera: page.getByRole('button', { name: '切换摄像头' }),
	torch: page.getByRole('button', { name: '手电筒', exact: true }),
	zoom: page.getByRole('slider', { name: '缩放' })
});

test('two cameras: 切换摄像头 restarts the scanner on the other camera, which then reads the code', async () => {
	const video = await qrVideo(urlOf(server.vector('valid').token), 'switch-valid');
	await withCamera(video, async (page) => {
		await stub(page, { extra: 'blank', first: 'extra', torchAndZoom: false });
		await openScanner(page);
		await page.getByTestId('start-camera').click();
		const c = controlsOf(page);
		await expect(c.switchCamera).toBeVisible();
		// the first camera (blank) sees no code: a second of video plays, and no verdict
		await expect
			.poll(() =>
				page.evaluate(() => document.querySelector<HTMLVideoElement>('#reader video')?.currentTime)
			)
			.toBeGreaterThan(1);
		await expect(page.getByTestId('verdict')).toHaveCount(0);
		let log = await cameraLog(page);
		expect(log.requests[0]).toEqual({
			video: { facingMode: 'environment', ...RESOLUTION },
			camera: 'extra'
		});
		const fakeId = await page.evaluate(
			async () =>
				(await navigator.mediaDevices.enumerateDevices()).find(
					(d) => d.kind === 'videoinput' && d.deviceId !== 'zc-test-second-camera'
				)?.deviceId
		);
		expect(fakeId).toBeTruthy();

		await c.switchCamera.click();
		// the QR code is in front of the other camera only: the verdict proves it is scanned
		const verdict = page.getByTestId('verdict');
		await expect(verdict).toHaveAttribute('data-verdict', 'valid');
		await expect(verdict).toHaveAttribute('data-mode', 'online');
		log = await cameraLog(page);
		expect(log.requests.at(-1)).toEqual({
			video: { deviceId: { exact: fakeId }, ...RESOLUTION },
			camera: 'fake'
		});
		// the first camera was released, and after the verdict the second one too
		await expect
			.poll(() => trackStates(page))
			.not.toContainEqual({ camera: 'fake', state: 'live' });
		expect(await trackStates(page)).not.toContainEqual({ camera: 'extra', state: 'live' });
		expect(log.requests.filter((r) => r.camera === 'extra')).toHaveLength(1);
	});
});

test('torch and zoom where the camera reports them: pressed state, applyConstraints, and a switch to a camera without them', async () => {
	const video = plainVideo('torch-zoom');
	await withCamera(video, async (page) => {
		await stub(page, { extra: 'fake', first: 'fake', torchAndZoom: true });
		await openScanner(page);
		await page.getByTestId('start-camera').click();
		const c = controlsOf(page);
		await expect(c.torch).toBeVisible();
		await expect(c.torch).toHaveAttribute('aria-pressed', 'false');
		await expect(c.zoom).toBeVisible();
		await expect(c.zoom).toHaveAttribute('min', '1');
		await expect(c.zoom).toHaveAttribute('max', '5');
		await expect(c.zoom).toHaveAttribute('step', '0.1');
		await expect(c.zoom).toHaveValue('1');
		const applied = async () =>
			(await cameraLog(page)).applied.map((a) => [a.camera, a.constraints]);

		await c.torch.click();
		await expect(c.torch).toHaveAttribute('aria-pressed', 'true');
		await expect.poll(applied).toEqual([['fake', { advanced: [{ torch: true }] }]]);
		await c.torch.click();
		await expect(c.torch).toHaveAttribute('aria-pressed', 'false');
		await expect.poll(applied).toEqual([
			['fake', { advanced: [{ torch: true }] }],
			['fake', { advanced: [{ torch: false }] }]
		]);

		await c.zoom.focus();
		for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
		await expect(c.zoom).toHaveValue('1.5');
		await expect
			.poll(async () => (await applied()).at(-1))
			.toEqual(['fake', { advanced: [{ zoom: 1.5 }] }]);
		await c.zoom.fill('3.2');
		await expect
			.poll(async () => (await applied()).at(-1))
			.toEqual(['fake', { advanced: [{ zoom: 3.2 }] }]);
		// a camera without torch and zoom (a front camera): neither control is offered for it
		await c.torch.click();
		await expect(c.torch).toHaveAttribute('aria-pressed', 'true');
		await c.switchCamera.click();
		await expect
			.poll(async () => (await cameraLog(page)).requests.at(-1))
			.toEqual({ video: { deviceId: { exact: EXTRA_CAMERA }, ...RESOLUTION }, camera: 'extra' });
		await expect(c.torch).toHaveCount(0);
		await expect(c.zoom).toHaveCount(0);
		await expect(c.switchCamera).toBeVisible();
		// and back: the restarted camera's torch is off and its zoom at the start again
		await c.switchCamera.click();
		await expect.poll(async () => (await cameraLog(page)).requests.at(-1)?.camera).toBe('fake');
		await expect(c.torch).toHaveAttribute('aria-pressed', 'false');
		await expect(c.zoom).toHaveValue('1');
		expect((await cameraLog(page)).applied.filter((a) => a.camera === 'extra')).toEqual([]);
		await c.stop.click();
		await expect(page.getByTestId('start-camera')).toBeVisible();
		await expect
			.poll(() => trackStates(page))
			.not.toContainEqual(expect.objectContaining({ state: 'live' }));
	});
});

test('the plain fake camera reports neither torch nor zoom: no torch button, no zoom slider, no switch', async () => {
	const video = plainVideo('plain');
	await withCamera(video, async (page) => {
		await openScanner(page);
		// the premise: this camera really has neither capability
		const caps = await page.evaluate(async () => {
			const stream = await navigator.mediaDevices.getUserMedia({ video: true });
			const track = stream.getVideoTracks()[0];
			const c = track.getCapabilities();
			track.stop();
			return {
				torch: 'torch' in c,
				zoom: 'zoom' in c,
				cameras: (await navigator.mediaDevices.enumerateDevices()).filter(
					(d) => d.kind === 'videoinput'
				).length
			};
		});
		expect(caps).toEqual({ torch: false, zoom: false, cameras: 1 });
		await page.getByTestId('start-camera').click();
		const c = controlsOf(page);
		// the controls are rendered together with the stop button, after the capabilities are read
		await expect(c.stop).toBeVisible();
		await expect
			.poll(() =>
				page.evaluate(
					() =>
						(window as unknown as { __zcScan: { cameraReadyAt?: number } }).__zcScan.cameraReadyAt
				)
			)
			.toBeGreaterThan(0);
		await expect(page.locator('video')).toHaveCount(1);
		await expect(c.torch).toHaveCount(0);
		await expect(c.zoom).toHaveCount(0);
		await expect(c.switchCamera).toHaveCount(0);
		await expect(page.getByRole('button', { name: /手电筒/ })).toHaveCount(0);
		await expect(page.getByRole('slider')).toHaveCount(0);
	});
});

type Gate = { gate: Promise<void> | null; release?: () => void };

test('a camera switch that is interrupted by 停止扫码, or fails, leaves no camera running', async () => {
	const video = plainVideo('switch-interrupted');
	await withCamera(video, async (page) => {
		await stub(page, { extra: 'fake', first: 'fake', torchAndZoom: false });
		await openScanner(page);
		const c = controlsOf(page);
		const live = async () => (await trackStates(page)).filter((t) => t.state === 'live');

		// 停止扫码 while the other camera is still opening
		await page.getByTestId('start-camera').click();
		await page.evaluate(() => {
			const g = (window as unknown as { __zcCameras: Gate }).__zcCameras;
			g.gate = new Promise((resolve) => (g.release = resolve));
		});
		await c.switchCamera.click();
		await expect.poll(async () => (await cameraLog(page)).requests.at(-1)?.camera).toBe('extra');
		await expect(c.switchCamera).toBeDisabled();
		await c.stop.click();
		await expect(page.getByTestId('start-camera')).toBeVisible();
		await page.evaluate(() => (window as unknown as { __zcCameras: Gate }).__zcCameras.release!());
		await expect
			.poll(async () => (await trackStates(page)).filter((t) => t.camera === 'extra'))
			.toEqual([{ camera: 'extra', state: 'ended' }]);
		await expect.poll(live).toEqual([]);
		await expect(page.locator('#reader video')).toHaveCount(0);
		await expect(page.getByTestId('scan-message')).toHaveCount(0);

		// the other camera cannot be opened: the scanner stops and says so
		await page.getByTestId('start-camera').click();
		await expect(c.switchCamera).toBeEnabled();
		await page.evaluate(() => {
			const g = (window as unknown as { __zcCameras: Gate }).__zcCameras;
			g.gate = Promise.reject(new DOMException('Could not start video source', 'NotReadableError'));
			g.gate.catch(() => undefined);
		});
		await c.switchCamera.click();
		await expect(page.getByTestId('scan-message')).toContainText('无法使用摄像头');
		await expect(page.getByTestId('start-camera')).toBeVisible();
		await expect(c.stop).toHaveCount(0);
		await expect.poll(live).toEqual([]);
	});
});

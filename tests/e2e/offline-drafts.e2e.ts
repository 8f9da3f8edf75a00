import { createHash } from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import sharp from 'sharp';
import { signIn } from './support.js';

/*
 * Offline-first applications on a phone (Pixel 7 viewport, Chromium): the service worker,
 * IndexedDB drafts, sync with the server, resumable uploads, conflicts and updates.
 * Every test signs in as a different demo applicant so their drafts never mix.
 */
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Sign in straight to the drafts; typing before hydration would be reset by the form. */
const toDrafts = { next: '/drafts', hydrated: true };

/** After the first online visit: the worker controls the page and holds the drafts shells. */
async function waitForOfflineReady(page: Page) {
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 30_000
	});
	await expect
		.poll(
			() =>
				page.evaluate(async () => {
					const found = await Promise.all([
						caches.match('/drafts', { ignoreVary: true }),
						caches.match('/drafts/new', { ignoreVary: true }),
						caches.match('/drafts/edit', { ignoreVary: true }),
						caches.match('/api/options')
					]);
					return found.every(Boolean);
				}),
			{ timeout: 30_000 }
		)
		.toBe(true);
}

async function photoJpeg(): Promise<Buffer> {
	return sharp({
		create: {
			width: 900,
			height: 1200,
			channels: 3,
			background: '#ffffff',
			noise: { type: 'gaussian', mean: 140, sigma: 30 }
		}
	})
		.jpeg({ quality: 85 })
		.toBuffer();
}

function pdf(size: number, seed = 1): Buffer {
	const body = Buffer.alloc(size);
	for (let i = 0; i < size; i++) body[i] = (i * 131 + seed * 7) & 0x7f || 32;
	return Buffer.concat([Buffer.from('%PDF-1.4\n'), body, Buffer.from('\n%%EOF\n')]);
}

const next = (page: Page) => page.getByRole('button', { name: '下一步' }).click();

async function newDraft(page: Page, kind: string) {
	await page.getByRole('link', { name: '新建申请' }).click();
	await page.getByRole('button', { name: new RegExp(kind) }).click();
	await page.waitForURL(/\/drafts\/edit\?id=/);
	return new URL(page.url()).searchParams.get('id')!;
}

/** A complete recognition: every screen, one diploma PDF, the 2-inch photo from a file chooser. */
async function fillRecognition(page: Page, photo: Buffer) {
	await expect(page.getByRole('heading', { name: '个人信息' })).toBeVisible();
	await page.getByLabel('最高学历').selectOption({ label: '大学本科' });
	await next(page);
	await page.getByLabel('现工作单位').selectOption({ label: '柳州钢铁集团有限公司（市直）' });
	await page.getByLabel('现任职务或岗位').fill('设备工程师');
	// Validation as you type, with the same schema the server uses.
	await page.getByLabel('从事本专业工作年限（年）').fill('-1');
	await expect(page.getByText('工作年限不能为负数')).toBeVisible();
	await page.getByLabel('从事本专业工作年限（年）').fill('9');
	await expect(page.getByText('工作年限不能为负数')).toHaveCount(0);
	await next(page);
	await page.getByLabel('职称系列').selectOption({ label: '工程' });
	await page.getByLabel('级别').selectOption({ label: '中级' });
	await page.getByLabel('资格名称').selectOption('工程师');
	await page.getByLabel('专业').fill('电气工程');
	await next(page);
	await page.getByRole('button', { name: /添加一项/ }).click();
	await page.getByLabel('学校名称').fill('广西大学');
	await page.getByLabel('所学专业').fill('电气工程及其自动化');
	await page.getByLabel('学位').selectOption({ label: '学士' });
	await page.getByLabel('入学时间').fill('2006-09');
	await page.getByLabel('毕业时间').fill('2010-07');
	await next(page);
	await page.getByRole('button', { name: /添加一项/ }).click();
	await page.getByLabel('工作单位').fill('柳州钢铁集团有限公司');
	await page.getByLabel('职务或岗位').fill('设备工程师');
	await page.getByLabel('开始时间').fill('2010-08');
	await next(page); // titles held: optional for a recognition
	await next(page);
	await expect(page.getByRole('heading', { name: '证明材料' })).toBeVisible();
	await page
		.getByTestId('attachment-input')
		.setInputFiles({ name: '毕业证.pdf', mimeType: 'application/pdf', buffer: pdf(40_000) });
	await expect(page.getByLabel('材料类型')).toHaveValue('diploma');
	await next(page);
	await page
		.getByTestId('photo-input')
		.setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });
	await page.getByRole('button', { name: '使用这张照片' }).click();
	await expect(page.getByRole('img', { name: '当前证件照' })).toBeVisible();
	await next(page);
	await expect(page.getByRole('heading', { name: '检查并提交' })).toBeVisible();
	await expect(page.getByText('以下内容还需要补充或修改')).toHaveCount(0);
}

/** What IndexedDB holds for a draft: its sync state and the photo's stored bytes (hashed, sized). */
async function localDraft(page: Page, id: string) {
	return page.evaluate(async (draftId) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('zhicheng');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const get = <T>(store: string, key: string) =>
			new Promise<T>((resolve) => {
				const r = db.transaction(store).objectStore(store).get(key);
				r.onsuccess = () => resolve(r.result as T);
			});
		const draft = await get<{
			syncState: string;
			version: number;
			content: {
				photo: { id: string; sha256: string } | null;
				title: { specialty: string };
				attachments: unknown[];
			};
		}>('drafts', draftId);
		if (!draft) return null;
		const photo = draft.content.photo
			? await get<{ bytes: ArrayBuffer }>('blobs', draft.content.photo.id)
			: null;
		const hex = photo
			? Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', photo.bytes)), (b) =>
					b.toString(16).padStart(2, '0')
				).join('')
			: null;
		const bitmap = photo ? await createImageBitmap(new Blob([photo.bytes])) : null;
		db.close();
		return {
			...draft,
			photoBytesSha256: hex,
			photoPixels: bitmap ? [bitmap.width, bitmap.height] : null
		};
	}, id);
}

async function serverApplications(page: Page) {
	return page.evaluate(async () => {
		const r = await fetch('/api/drafts');
		return (await r.json()).applications as {
			id: string;
			state: string;
			version: number;
			record: { content: Record<string, Record<string, string>> } | null;
		}[];
	});
}

test('offline: a complete application with a photo survives a reload, then syncs once, the same picture', async ({
	page,
	context
}) => {
	test.setTimeout(120_000);
	const photo = await photoJpeg();
	await signIn(page, '13807720001', toDrafts);
	await waitForOfflineReady(page);
	const known = new Set((await serverApplications(page)).map((a) => a.id));

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('offline')).toBeVisible();
	const id = await newDraft(page, '职称认定');
	await fillRecognition(page, photo);
	await expect(page.getByRole('button', { name: '提交申请' })).toBeDisabled();

	// Close the browser tab and come back, still offline: everything is there.
	await page.reload();
	await expect(page.getByRole('heading', { name: '检查并提交' })).toBeVisible();
	await page.goto('/drafts');
	const card = page.getByTestId('drafts').getByRole('listitem');
	await expect(card).toHaveCount(1);
	await expect(card.getByTestId('sync-badge')).toHaveText('已保存在本机');
	const before = await localDraft(page, id);
	expect(before?.syncState).toBe('local');

	await context.setOffline(false);
	await expect(card.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 30_000 });
	const after = await localDraft(page, id);
	const apps = await serverApplications(page);
	// Exactly one copy on the server: the only new application of this person is this draft.
	expect(apps.filter((a) => !known.has(a.id)).map((a) => a.id)).toEqual([id]);
	expect(apps.find((a) => a.id === id)?.record?.content.title.specialty).toBe('电气工程');

	// The server verified the phone's bytes (the draft's digest is theirs) and keeps a re-encoded
	// copy without metadata (issue 10.4): the same picture at the same pixel size.
	expect(after!.content.photo!.sha256).toBe(after!.photoBytesSha256);
	const served = Buffer.from(
		await page.evaluate(async (photoId) => {
			const r = await fetch(`/api/uploads/${photoId}/content`);
			return Array.from(new Uint8Array(await r.arrayBuffer()));
		}, after!.content.photo!.id)
	);
	const meta = await sharp(served).metadata();
	expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', ...after!.photoPixels!]);
	expect(meta.exif).toBeUndefined();

	// Submitting needs the network and hands it to the employer.
	await page.goto(`/drafts/edit?id=${id}&step=9`);
	await page.getByRole('button', { name: '提交申请' }).click();
	await expect(page.getByTestId('submitted')).toContainText('等待所在单位审核');
	const submitted = (await serverApplications(page)).find((a) => a.id === id);
	expect(submitted).toMatchObject({ state: 'awaitingEmployer', record: null });
});

test.describe('without the service worker (network interception)', () => {
	test.use({ serviceWorkers: 'block' });

	test('closing the page in the middle of an upload: reopened, it resumes at the server offset', async ({
		page,
		context
	}) => {
		test.setTimeout(90_000);
		await signIn(page, '13807720002', toDrafts);
		const file = pdf(700_000, 3);
		const offsets: number[] = [];
		let patches = 0;
		let secondChunk!: () => void;
		const stalled = new Promise<void>((resolve) => (secondChunk = resolve));
		await context.route('**/api/uploads/*', async (route) => {
			if (route.request().method() !== 'PATCH') return route.continue();
			offsets.push(Number(route.request().headers()['upload-offset']));
			if (++patches === 2) {
				secondChunk();
				return route.abort('connectionreset');
			}
			return route.continue();
		});
		const id = await newDraft(page, '职称认定');
		await page.goto(`/drafts/edit?id=${id}&step=6`);
		await expect(page.getByRole('heading', { name: '证明材料' })).toBeVisible();
		await page
			.getByTestId('attachment-input')
			.setInputFiles({ name: '毕业证.pdf', mimeType: 'application/pdf', buffer: file });
		await expect
			.poll(async () => (await localDraft(page, id))?.content.attachments?.length)
			.toBe(1);
		await page.goto('/drafts'); // the home screen syncs
		await stalled;
		await page.close(); // killed mid-upload: one chunk on the server, the next one lost

		const reopened = await context.newPage();
		await reopened.goto('/drafts');
		const card = reopened.getByTestId('drafts').getByRole('listitem');
		await expect(card.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 30_000 });
		// Resumed from what the server had, never from zero again.
		expect(offsets.slice(0, 2)).toEqual([0, 262_144]);
		expect(offsets.slice(2)[0]).toBe(262_144);
		expect(offsets.filter((o) => o === 0)).toHaveLength(1);
		const app = (await serverApplications(reopened)).find((a) => a.id === id)!;
		const attachment = (
			app.record!.content as unknown as { attachments: { id: string; sha256: string }[] }
		).attachments[0];
		const bytes = await reopened.evaluate(async (aid) => {
			const r = await fetch(`/api/uploads/${aid}/content`);
			return Array.from(new Uint8Array(await r.arrayBuffer()));
		}, attachment.id);
		expect(bytes.length).toBe(file.length);
		expect(sha256(Uint8Array.from(bytes))).toBe(sha256(file));
		expect(attachment.sha256).toBe(sha256(file));
	});

	test('two phones edit the same draft: the second sees both versions and chooses field by field', async ({
		browser
	}) => {
		test.setTimeout(90_000);
		const phone = (c: BrowserContext) => c.newPage();
		const a = await browser.newContext({ serviceWorkers: 'block' });
		const b = await browser.newContext({ serviceWorkers: 'block' });
		const pa = await phone(a);
		const pb = await phone(b);
		await signIn(pa, '13807720003', toDrafts);
		await signIn(pb, '13807720003', toDrafts);

		const id = await newDraft(pa, '职称评审');
		await pa.goto(`/drafts/edit?id=${id}&step=2`);
		await pa.getByLabel('专业').fill('电气工程');
		await expect
			.poll(async () => (await localDraft(pa, id))?.content.title.specialty)
			.toBe('电气工程');
		await pa.goto('/drafts');
		await expect(pa.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 20_000 });

		// Phone B takes the draft up from the server, then loses the network.
		await pb.reload();
		await expect(pb.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 20_000 });
		await pb.goto(`/drafts/edit?id=${id}&step=1`);
		await expect(pb.getByLabel('现任职务或岗位')).toBeVisible();
		await b.setOffline(true);

		// A edits the specialty and syncs; B, offline on the old version, edits post and specialty.
		await pa.goto(`/drafts/edit?id=${id}&step=2`);
		await pa.getByLabel('专业').fill('机械工程');
		await expect
			.poll(async () => (await localDraft(pa, id))?.content.title.specialty)
			.toBe('机械工程');
		await pa.goto('/drafts');
		await expect(pa.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 20_000 });
		await pb.getByLabel('现任职务或岗位').fill('车间主任');
		await next(pb);
		await pb.getByLabel('专业').fill('自动化');
		await expect
			.poll(async () => (await localDraft(pb, id))?.content.title.specialty)
			.toBe('自动化');

		await b.setOffline(false); // back online: the push meets A's newer version
		await pb.goto('/drafts');
		await expect(pb.getByTestId('sync-badge')).toHaveText('需要处理', { timeout: 20_000 });

		await pb.getByRole('link', { name: /职称评审/ }).click();
		await expect(pb.getByRole('heading', { name: '处理冲突' })).toBeVisible();
		const specialty = pb.locator('[data-path="title.specialty"]');
		await expect(specialty).toContainText('自动化');
		await expect(specialty).toContainText('机械工程');
		await specialty.getByRole('radio', { name: /服务器/ }).check();
		await pb.getByRole('button', { name: '合并并保存' }).click();
		await pb.waitForURL(/\/drafts\/edit/);
		await pb.goto('/drafts');
		await expect(pb.getByTestId('sync-badge')).toHaveText('已同步', { timeout: 20_000 });

		const app = (await serverApplications(pb)).find((a) => a.id === id)!;
		expect(app.record?.content.title.specialty).toBe('机械工程'); // chosen from the server
		expect(app.record?.content.employment.post).toBe('车间主任'); // kept from this phone
		await a.close();
		await b.close();
	});
});

test('a new version waits; accepting it with an unsynced draft present keeps the draft', async ({
	page,
	context
}) => {
	test.setTimeout(90_000);
	await signIn(page, '13807720001', toDrafts);
	await waitForOfflineReady(page);
	// An edit that cannot reach the server (its sync is refused by the network for now).
	await context.route('**/api/drafts**', (route) => route.abort('internetdisconnected'));
	const id = await newDraft(page, '证书遗失补办');
	await page.goto(`/drafts/edit?id=${id}&step=2`);
	await page.getByLabel('专业').fill('给排水工程');
	await expect
		.poll(async () => (await localDraft(page, id))?.content.title.specialty)
		.toBe('给排水工程');
	expect((await localDraft(page, id))?.syncState).toBe('local');

	// A new version of the app arrives: it installs and waits for the person.
	await page.evaluate(() =>
		navigator.serviceWorker.register('/service-worker.js?next-release', { type: 'module' })
	);
	const prompt = page.getByTestId('update-prompt');
	await expect(prompt).toBeVisible({ timeout: 30_000 });
	await expect(prompt).toContainText('有新版本，点击刷新');
	await page.getByLabel('专业').fill('给排水工程（市政）'); // typed just before accepting
	await prompt.getByRole('button').click();
	await page.waitForEvent('load');

	await expect(page.getByLabel('专业')).toHaveValue('给排水工程（市政）');
	const kept = await localDraft(page, id);
	expect(kept).toMatchObject({ syncState: 'local' });
	expect(kept?.content.title.specialty).toBe('给排水工程（市政）');
	expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toContain(
		'next-release'
	);
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	bodyLimit,
	DEFAULT_BODY_LIMIT,
	refuseOversizeBody,
	UPLOAD_FORM_LIMIT
} from './body-limit.js';

const MB = 1024 * 1024;
const post = (path: string, length: number, headers: Record<string, string> = {}) =>
	refuseOversizeBody(
		new Request(`http://localhost${path}`, {
			method: 'POST',
			headers: { 'content-length': String(length), ...headers }
		}),
		new URL(`http://localhost${path}`)
	);

describe('request body limits', () => {
	it('upload forms take more than their 10 MB file; everything else keeps 512 KB', () => {
		expect(bodyLimit('/register/employer')).toBe(UPLOAD_FORM_LIMIT);
		expect(bodyLimit('/records/credit/')).toBe(UPLOAD_FORM_LIMIT);
		expect(bodyLimit('/records/paper-certificates/import')).toBe(UPLOAD_FORM_LIMIT);
		expect(bodyLimit('/login')).toBe(DEFAULT_BODY_LIMIT);
		expect(bodyLimit('/api/uploads/x')).toBe(DEFAULT_BODY_LIMIT);
		expect(UPLOAD_FORM_LIMIT).toBeGreaterThan(10 * MB);
		expect(post('/register/employer', 11 * MB)).toBeNull();
		expect(post('/login', 400 * 1024)).toBeNull();
	});

	it('a body over its limit gets a Chinese 413 before it is read: page, action, API', async () => {
		const page = post('/register/employer', 26 * MB, { accept: 'text/html' })!;
		expect(page.status).toBe(413);
		const html = await page.text();
		expect(html).toContain('<html lang="zh-CN">');
		expect(html).toContain('上传的内容过大（26 MB）：文件不能超过 10 MB');
		const action = post('/register/employer', 26 * MB, { 'x-sveltekit-action': 'true' })!;
		expect(await action.json()).toMatchObject({ type: 'error', status: 413 });
		const api = post('/api/drafts', MB)!;
		expect(api.status).toBe(413);
		expect((await api.json()).message).toContain('提交的内容过大');
	});

	it('the server gives adapter-node the same outer limit', () => {
		const server = readFileSync('scripts/server.js', 'utf8');
		expect(server).toContain(`process.env.BODY_SIZE_LIMIT ||= '${UPLOAD_FORM_LIMIT / MB}M'`);
	});
});

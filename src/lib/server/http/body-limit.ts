/**
 * How big a request body may be, per route, checked from Content-Length in `handle` before
 * anything reads the body (the hostile-input gate parses every form).
 *
 * The multipart forms that take a file (up to 10 MB, as they say) may send `UPLOAD_FORM_LIMIT`:
 * more than the file limit, so a file a little too big still reaches its action, which answers
 * on the same form, in Chinese, with every typed value kept. Every other request keeps
 * adapter-node's default of 512 KB (the resumable upload sends 256 KB chunks). The server
 * (scripts/server.js) sets adapter-node's BODY_SIZE_LIMIT to the largest of these, so a body
 * without Content-Length is cut there too.
 */
import { MAX_ATTACHMENT_BYTES } from '#lib/domain/application-form.js';

const MB = 1024 * 1024;
/** A body of a form with one file: the file (10 MB) and a generous margin for a bigger one. */
export const UPLOAD_FORM_LIMIT = 25 * MB;
export const DEFAULT_BODY_LIMIT = 512 * 1024;

/** The pages whose form actions take a file. */
const UPLOAD_FORMS = [
	'/register/employer',
	'/records/credit',
	'/records/paper-certificates/import',
	'/admin/certificates/keys'
];

export function bodyLimit(pathname: string): number {
	const path = pathname.replace(/\/+$/, '') || '/';
	return UPLOAD_FORMS.includes(path) ? UPLOAD_FORM_LIMIT : DEFAULT_BODY_LIMIT;
}

const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/** `size`: what the request declared, when it did; `upload`: a form that takes a file. */
export function tooLargeMessage(size: number | null, upload: boolean): string {
	const declared = size === null ? '' : `（${mb(size)}）`;
	return upload
		? `上传的内容过大${declared}：文件不能超过 ${mb(MAX_ATTACHMENT_BYTES)}。请压缩或重新扫描后再上传。`
		: `提交的内容过大${declared}，请减少内容后重试。`;
}

/** The 413 to answer instead of handling the request, or null when the body may be read. */
export function refuseOversizeBody(request: Request, url: URL): Response | null {
	const header = request.headers.get('content-length');
	const declared = Number(header);
	if (header === null || !Number.isFinite(declared)) return null;
	const limit = bodyLimit(url.pathname);
	if (declared <= limit) return null;
	const message = tooLargeMessage(declared, limit > DEFAULT_BODY_LIMIT);
	const body = { message, code: 'UPLOAD_TOO_LARGE' };
	if (request.headers.get('x-sveltekit-action') === 'true')
		return Response.json({ type: 'error', status: 413, error: body }, { status: 413 });
	const accept = request.headers.get('accept') ?? '';
	if (url.pathname.startsWith('/api/') || !accept.includes('text/html'))
		return Response.json(body, { status: 413 });
	return new Response(
		`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>文件过大 · 职称服务平台</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6"><h1>文件过大</h1><p>${message}</p><p>请用浏览器的“返回”回到上一页，已填写的内容一般仍在，换一个较小的文件后再提交。</p><p><a href="/">返回首页</a></p></body></html>`,
		{ status: 413, headers: { 'content-type': 'text/html; charset=utf-8' } }
	);
}

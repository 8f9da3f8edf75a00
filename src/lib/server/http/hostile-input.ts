/**
 * One gate before any handler: a request whose path, query, form text fields or JSON body carry
 * NUL or other control characters (PostgreSQL refuses NUL in text; none belongs in a form) is
 * answered 400 with a Chinese message, before a session is touched or a row written.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const IN_URL = /[\u0000-\u001f\u007f]/;
/** Tab, line feed and carriage return are text; every other C0 control and DEL are not. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
	return IN_URL.test(text);
}

export const HOSTILE_INPUT_MESSAGE = '请求中含有无法识别的字符（如控制字符），请删除后重新提交。';

function pathIsClean(pathname: string): boolean {
	try {
		return !IN_URL.test(decodeURIComponent(pathname));
	} catch {
		return false; // malformed percent-encoding
	}
}

async function bodyIsClean(request: Request): Promise<boolean> {
	if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) || !request.body) return true;
	const type = request.headers.get('content-type') ?? '';
	if (/^application\/json/i.test(type)) {
		const text = await request.clone().text();
		// A JSON string may spell a control character as an escape: \u0000 … \u001f.
		return !IN_TEXT.test(text) && !/\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)/i.test(text);
	}
	if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
		let form: FormData;
		try {
			form = await request.clone().formData();
		} catch {
			return true; // not parseable: the handler answers that itself
		}
		for (const [name, value] of form) {
			if (IN_TEXT.test(name)) return false;
			if (typeof value === 'string' ? IN_TEXT.test(value) : IN_URL.test(value.name)) return false;
		}
	}
	return true;
}

/** The 400 to answer instead of handling the request, or null when the input is clean. */
export async function refuseHostileInput(request: Request, url: URL): Promise<Response | null> {
	let clean = pathIsClean(url.pathname);
	if (clean)
		for (const [k, v] of url.searchParams) if (IN_URL.test(k) || IN_URL.test(v)) clean = false;
	if (clean) clean = await bodyIsClean(request);
	if (clean) return null;
	const body = { message: HOSTILE_INPUT_MESSAGE, code: 'BAD_REQUEST' };
	if (request.headers.get('x-sveltekit-action') === 'true')
		return Response.json({ type: 'error', status: 400, error: body }, { status: 400 });
	const accept = request.headers.get('accept') ?? '';
	if (url.pathname.startsWith('/api/') || !accept.includes('text/html'))
		return Response.json(body, { status: 400 });
	return new Response(
		`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>请求无效 · 职称服务平台</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6"><h1>请求无效</h1><p>${HOSTILE_INPUT_MESSAGE}</p><p><a href="/">返回首页</a></p></body></html>`,
		{ status: 400, headers: { 'content-type': 'text/html; charset=utf-8' } }
	);
}

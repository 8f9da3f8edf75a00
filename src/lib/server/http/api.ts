import type { RequestEvent } from '@sveltejs/kit';
import { AppError, isAppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';

/** The signed-in applicant: only applicants own drafts and uploads. */
export type ApplicantActor = { kind: 'applicant'; userId: string };

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The JSON API used by the offline client (draft sync, uploads). Writes must come from this
 * origin: Kit's CSRF check covers form posts only, and these bodies are JSON or raw bytes.
 */
export function requireApplicant(event: RequestEvent): ApplicantActor {
	const origin = event.request.headers.get('origin');
	if (!SAFE_METHODS.has(event.request.method) && origin !== event.url.origin) {
		throw new AppError('FORBIDDEN', {}, '请求来源无效，请在本平台页面内操作。');
	}
	const actor = event.locals.actor;
	if (!actor) {
		throw new AppError(
			'UNAUTHENTICATED',
			{},
			'登录已过期，请重新登录后再同步。草稿仍保存在本机，不会丢失。'
		);
	}
	if (actor.kind !== 'applicant') {
		throw new AppError('FORBIDDEN', {}, '只有个人用户可以填写和提交申请，请用个人账号登录。');
	}
	return actor;
}

/** A record id from the URL, lower-cased; anything but a UUID is a 404 before any query. */
export function idParam(value: string | undefined): string {
	if (!isUuid(value)) throw new AppError('NOT_FOUND');
	return value.toLowerCase();
}

export function errorResponse(e: AppError, headers?: HeadersInit): Response {
	return Response.json(
		{ code: e.code, message: e.message, fields: e.fields },
		{ status: e.status, headers }
	);
}

/** Runs one use case for an API route: AppError → JSON `{code, message, fields}`. */
export async function api(
	event: RequestEvent,
	run: (actor: ApplicantActor) => Promise<Response>
): Promise<Response> {
	try {
		return await run(requireApplicant(event));
	} catch (e) {
		if (isAppError(e)) return errorResponse(e);
		throw e;
	}
}

/** A JSON body, at most `limit` bytes; a malformed one is a 400 with a Chinese message. */
export async function jsonBody(request: Request, limit = 512 * 1024): Promise<unknown> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > limit) throw new AppError('VALIDATION', {}, '提交的内容过大，请删减后重试。');
	const text = await request.text();
	if (text.length > limit) throw new AppError('VALIDATION', {}, '提交的内容过大，请删减后重试。');
	try {
		return JSON.parse(text);
	} catch {
		throw new AppError('VALIDATION', {}, '提交的内容格式不正确，请刷新页面或更新应用后重试。');
	}
}

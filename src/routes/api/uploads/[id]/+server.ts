import { AppError } from '#lib/domain/errors.js';
import { api, errorResponse, idParam } from '#lib/server/http/api.js';
import { appendChunk, MAX_CHUNK_BYTES, OffsetMismatch } from '#lib/server/drafts/append-chunk.js';
import { uploadStatus, type UploadStatus } from '#lib/server/drafts/upload-status.js';
import type { RequestHandler } from './$types';

/*
 * A small tus-like protocol (hand-written: @tus/server has no PostgreSQL store, and the bytes
 * must live in PostgreSQL so every instance sees them):
 *   HEAD  → 200 Upload-Offset: n, Upload-Length: size (404: not declared yet)
 *   PATCH Upload-Offset: n, Content-Type: application/offset+octet-stream, body ≤ 512 KB
 *         → 204 Upload-Offset: n' (n' = size: verified and complete)
 *         → 409 Upload-Offset: m  (resume from m); 413 / 415 / 422 refused for good
 */
const offsetHeaders = (s: UploadStatus) => ({
	'Upload-Offset': String(s.received),
	'Upload-Length': String(s.size),
	'Upload-Complete': s.complete ? '1' : '0',
	'Cache-Control': 'no-store'
});

export const HEAD: RequestHandler = (event) =>
	api(event, async (actor) => {
		const status = await uploadStatus(actor, idParam(event.params.id));
		return new Response(null, { headers: offsetHeaders(status) });
	});

export const GET: RequestHandler = (event) =>
	api(event, async (actor) => {
		const status = await uploadStatus(actor, idParam(event.params.id));
		return Response.json(status, { headers: offsetHeaders(status) });
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (actor) => {
		const id = idParam(event.params.id);
		const { request } = event;
		if (request.headers.get('content-type') !== 'application/offset+octet-stream') {
			throw new AppError('UPLOAD_BAD_TYPE', {}, '上传格式不正确，请更新应用后重试。');
		}
		if (Number(request.headers.get('content-length') ?? 0) > MAX_CHUNK_BYTES) {
			throw new AppError('UPLOAD_TOO_LARGE', {}, '单次上传的数据过大。');
		}
		const offset = Number(request.headers.get('upload-offset') ?? NaN);
		const bytes = new Uint8Array(await request.arrayBuffer());
		try {
			const status = await appendChunk(actor, id, offset, bytes);
			return new Response(null, { status: 204, headers: offsetHeaders(status) });
		} catch (e) {
			if (!(e instanceof OffsetMismatch)) throw e;
			return errorResponse(e, { 'Upload-Offset': String(e.received), 'Cache-Control': 'no-store' });
		}
	});

/**
 * The SyncQueue's transport over HTTP (the shape is documented in `../drafts/sync.ts` and the
 * routes under src/routes/api): JSON for drafts, a tus-like PATCH-at-offset for file bytes.
 * A final refusal becomes RejectedError with the server's Chinese message; a network failure,
 * a 5xx or an expired session is thrown as a plain Error, so the queue retries later.
 */
import type { ApplicationDraft } from '../../domain/application-form.js';
import type { Push } from '../../domain/sync-protocol.js';
import {
	RejectedError,
	type PushAnswer,
	type SyncTransport,
	type UploadInfo
} from '../drafts/sync.js';

export class SessionExpired extends Error {
	constructor() {
		super('登录已过期，请重新登录后再同步。草稿仍保存在本机。');
		this.name = 'SessionExpired';
	}
}

const FINAL = new Set([400, 403, 404, 413, 415, 422]);
const GENERIC_REFUSAL = '服务器拒绝了这次同步，请检查内容后重试。';

async function messageOf(response: Response): Promise<string> {
	try {
		const body = (await response.json()) as { message?: unknown };
		return typeof body.message === 'string' ? body.message : GENERIC_REFUSAL;
	} catch {
		return GENERIC_REFUSAL;
	}
}

async function fail(response: Response): Promise<never> {
	if (response.status === 401) throw new SessionExpired();
	if (FINAL.has(response.status)) throw new RejectedError(await messageOf(response));
	throw new Error(`HTTP ${response.status}`);
}

const offsetOf = (response: Response) => Number(response.headers.get('upload-offset') ?? NaN);

export function httpTransport(base = ''): SyncTransport {
	const declare = async (u: UploadInfo) => {
		const response = await fetch(`${base}/api/uploads`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				id: u.id,
				draftId: u.draftId,
				name: u.name,
				mime: u.mime,
				size: u.size,
				sha256: u.sha256
			})
		});
		// 409 here: this id already names another file; retrying cannot help.
		if (response.status === 409) throw new RejectedError(await messageOf(response));
		if (!response.ok) return fail(response);
		return { received: Number(((await response.json()) as { received: number }).received) };
	};

	return {
		async push(draft: Push<ApplicationDraft>): Promise<PushAnswer> {
			const response = await fetch(`${base}/api/drafts/${draft.id}`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					baseVersion: draft.baseVersion,
					updatedAt: draft.updatedAt,
					clientId: draft.clientId,
					content: draft.content
				})
			});
			if (response.ok) {
				return { status: 'ok', version: ((await response.json()) as { version: number }).version };
			}
			if (response.status === 409) {
				const body = (await response.json()) as {
					status?: string;
					server?: unknown;
					message?: string;
				};
				if (body.status === 'conflict' && body.server) {
					return {
						status: 'conflict',
						server: body.server as Extract<PushAnswer, { status: 'conflict' }>['server']
					};
				}
				// Submitted meanwhile (e.g. from another phone): nothing to merge, say so.
				throw new RejectedError(body.message ?? GENERIC_REFUSAL);
			}
			return fail(response);
		},

		// Declaring is idempotent and answers the server's offset: one request where HEAD, then a
		// declaration, would take two for every new file.
		uploadStatus: declare,

		async uploadChunk(u: UploadInfo, offset: number, bytes: Uint8Array) {
			const response = await fetch(`${base}/api/uploads/${u.id}`, {
				method: 'PATCH',
				headers: {
					'content-type': 'application/offset+octet-stream',
					'upload-offset': String(offset)
				},
				body: new Uint8Array(bytes)
			});
			if (response.status === 204) return { received: offsetOf(response) };
			if (response.status === 409 && response.headers.has('upload-offset')) {
				return { received: offsetOf(response) };
			}
			if (response.status === 404) {
				// Declared nowhere yet (e.g. imported from a file): declare, then resume.
				await declare(u);
				throw new Error('declared; resume from the server offset');
			}
			return fail(response);
		}
	};
}

import { api, idParam, jsonBody } from '#lib/server/http/api.js';
import { saveDraft } from '#lib/server/drafts/save-draft.js';
import type { RequestHandler } from './$types';

/**
 * Draft sync push (see `#lib/domain/sync-protocol.ts`):
 * 200 {status, version, record} stored or already stored; 409 {status:'conflict', server};
 * 400 {message, fields} refused payload; 403 another person's draft id.
 */
export const PUT: RequestHandler = (event) =>
	api(event, async (actor) => {
		const outcome = await saveDraft(actor, idParam(event.params.id), await jsonBody(event.request));
		if (outcome.status === 'conflict') {
			return Response.json(
				{ ...outcome, message: '服务器上的草稿已在其他设备上修改，请选择保留哪些内容。' },
				{ status: 409 }
			);
		}
		return Response.json({ ...outcome, version: outcome.record.version });
	});

import { api, jsonBody } from '#lib/server/http/api.js';
import { createUpload } from '#lib/server/drafts/create-upload.js';
import type { RequestHandler } from './$types';

/**
 * Resumable upload, step 1: declare {id, draftId?, name, mime, size, sha256}. Idempotent.
 * Then PATCH /api/uploads/:id with the bytes from the offset HEAD reports (see [id]/+server.ts).
 */
export const POST: RequestHandler = (event) =>
	api(event, async (actor) =>
		Response.json(await createUpload(actor, await jsonBody(event.request, 4096)), { status: 201 })
	);

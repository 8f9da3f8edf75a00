import { api, idParam, jsonBody } from '#lib/server/http/api.js';
import { submitDraft } from '#lib/server/drafts/submit-draft.js';
import type { RequestHandler } from './$types';

/** Hands a synced draft to the approval chain; 400 carries field errors keyed by section. */
export const POST: RequestHandler = (event) =>
	api(event, async (actor) =>
		Response.json(await submitDraft(actor, idParam(event.params.id), await jsonBody(event.request)))
	);

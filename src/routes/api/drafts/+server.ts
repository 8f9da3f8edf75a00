import { api } from '#lib/server/http/api.js';
import { listMyApplications } from '#lib/server/drafts/list-drafts.js';
import type { RequestHandler } from './$types';

/** The applicant's own applications; editable ones with their content (sync pull). */
export const GET: RequestHandler = (event) =>
	api(event, async (actor) => Response.json({ applications: await listMyApplications(actor) }));

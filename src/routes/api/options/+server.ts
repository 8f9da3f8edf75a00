import { formOptions } from '#lib/server/drafts/form-options.js';
import type { RequestHandler } from './$types';

/** Public reference lists for the application form; the service worker caches them offline. */
export const GET: RequestHandler = async () =>
	Response.json(await formOptions(), { headers: { 'Cache-Control': 'public, max-age=300' } });

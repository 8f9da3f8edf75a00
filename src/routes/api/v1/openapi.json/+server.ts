import { openApiDocument } from '#lib/server/api/openapi.js';
import type { RequestHandler } from './$types';

/** The API's OpenAPI 3.1 description (#lib/server/api/openapi.ts). */
export const GET: RequestHandler = ({ url }) =>
	Response.json(openApiDocument(url.origin), {
		headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }
	});

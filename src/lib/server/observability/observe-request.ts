/**
 * Wraps every request (hooks.server.ts `handle`): gives it a request id (the `X-Request-Id`
 * header of the answer, `locals.requestId` for error pages), then writes one JSON log line and
 * the request metrics once the answer is ready.
 *
 * The log line holds: request id, method, route id (`/v/[token]`, never the path: paths carry
 * certificate tokens and the query string may carry anything), status, duration in ms and whether
 * the caller was signed in (staff / applicant / none). No path, query, body, cookie, user id or
 * client address: the request id links a help-desk case to the line, and the audit log (not this
 * log) records who did what.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { logger } from './logger.js';
import { countSync, httpDuration } from './metrics.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';

export async function observeRequest(
	event: RequestEvent,
	run: () => Response | Promise<Response>
): Promise<Response> {
	const started = process.hrtime.bigint();
	const requestId = requestIdOf(event.request);
	event.locals.requestId = requestId;
	let response: Response | undefined;
	try {
		response = await run();
		return response;
	} finally {
		const status = response?.status ?? 500;
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const route = event.route.id ?? 'unmatched';
		const method = event.request.method;
		if (response) {
			try {
				response.headers.set(REQUEST_ID_HEADER, requestId);
			} catch {
				// immutable headers (a fetched response passed through): the log still has the id
			}
			countSync(event.route.id, event.request, response);
		}
		httpDuration.observe({ method, route, status: String(status) }, seconds);
		const line = {
			requestId,
			method,
			route,
			status,
			durationMs: Math.round(seconds * 10_000) / 10,
			user: event.locals.user?.kind ?? 'none'
		};
		if (status >= 500) logger.error(line, 'request');
		else logger.info(line, 'request');
	}
}

/**
 * The request id: one per request, returned in `X-Request-Id`, written on the request's log line
 * and shown on error pages so a user can quote it to the help desk. An incoming `X-Request-Id`
 * (set by a load balancer or proxy, to correlate its log with ours) is kept only when it is
 * 8–64 characters of letters, digits, `.`, `_` and `-`: anything else (a header injection
 * attempt, personal data, a megabyte of text) is replaced by a fresh UUID.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE = /^[A-Za-z0-9._-]{8,64}$/;

export function requestIdOf(request: Request): string {
	const incoming = request.headers.get(REQUEST_ID_HEADER);
	return incoming && SAFE.test(incoming) ? incoming : randomUUID();
}

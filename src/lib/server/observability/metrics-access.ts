/**
 * Who may read `/metrics`:
 * - `METRICS_TOKEN` set: only a request with `Authorization: Bearer <METRICS_TOKEN>` (else 401),
 *   from anywhere — the set-up for Prometheus on another host or behind the load balancer;
 * - unset: only a request from this machine's loopback address (127.0.0.0/8, ::1) that carries
 *   no forwarding header (else 403). A reverse proxy on the same machine connects from loopback
 *   too, but adds `X-Forwarded-For`/`Forwarded`, so a request relayed from outside is refused.
 *
 * Private ranges (10/8, 192.168/16, …) are deliberately not "internal": a load balancer or proxy
 * lives there as well, and would relay the public. Use a token for any remote scraper.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';

export type MetricsAccess = 'allowed' | 'unauthenticated' | 'forbidden';

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'];

export function metricsAccess(event: RequestEvent): MetricsAccess {
	const token = process.env.METRICS_TOKEN;
	if (token) {
		const given = /^Bearer ([\x21-\x7e]{1,512})$/.exec(
			event.request.headers.get('authorization') ?? ''
		)?.[1];
		return given && sameSecret(given, token) ? 'allowed' : 'unauthenticated';
	}
	if (FORWARDING_HEADERS.some((h) => event.request.headers.has(h))) return 'forbidden';
	let address: string;
	try {
		address = event.getClientAddress();
	} catch {
		return 'forbidden';
	}
	return isLoopback(address) ? 'allowed' : 'forbidden';
}

function sameSecret(a: string, b: string): boolean {
	const digest = (s: string) => createHash('sha256').update(s).digest();
	return timingSafeEqual(digest(a), digest(b));
}

export function isLoopback(address: string): boolean {
	const v4 = address.replace(/^::ffff:/i, '');
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

import { metricsAccess } from '#lib/server/observability/metrics-access.js';
import { registry } from '#lib/server/observability/metrics.js';
import type { RequestHandler } from './$types';

/** Prometheus metrics (text format); who may read them: metrics-access.ts, README "Metrics". */
export const GET: RequestHandler = async (event) => {
	const access = metricsAccess(event);
	if (access === 'unauthenticated')
		return new Response('需要有效的访问令牌。\n', {
			status: 401,
			headers: {
				'WWW-Authenticate': 'Bearer realm="metrics"',
				'Content-Type': 'text/plain; charset=utf-8',
				'Cache-Control': 'no-store'
			}
		});
	if (access === 'forbidden')
		return new Response('仅允许本机访问；远程采集请设置 METRICS_TOKEN。\n', {
			status: 403,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
		});
	return new Response(await registry.metrics(), {
		headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }
	});
};

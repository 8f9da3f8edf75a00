import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { errorCatalogue, isAppError } from '#lib/domain/errors.js';
import { actorOf } from '#lib/server/auth/actor.js';
import {
	cookieName,
	deleteSessionTokenCookie,
	markerOf,
	setSessionTokenCookie
} from '#lib/server/auth/cookie.js';
import {
	SESSION_EXPIRES_HEADER,
	SESSION_MARKER_COOKIE,
	SESSION_MARKER_HEADER
} from '#lib/domain/session-marker.js';
import * as session from '#lib/server/auth/session.js';
import { databaseKind, initDatabase } from '#lib/server/db/index.js';
import { isEmpty } from '#lib/server/demo/is-empty.js';
import { refuseCrossSiteForm } from '#lib/server/http/cross-site.js';
import { refuseOversizeBody, tooLargeMessage } from '#lib/server/http/body-limit.js';
import { refuseHostileInput } from '#lib/server/http/hostile-input.js';
import { onShutdown, runShutdownHooks } from '#lib/server/lifecycle.js';
import { registerEffects } from '#lib/server/effects.js';
import { errorName, logger } from '#lib/server/observability/logger.js';
import { observeRequest } from '#lib/server/observability/observe-request.js';

/** Opens the database (and seeds a fresh embedded one) before the first request arrives. */
export const init: ServerInit = async () => {
	registerEffects();
	const handle = await initDatabase();
	// Once per database: personal values in application content written before they were
	// encrypted are sealed now (recorded in data_migrations; later starts only check the record).
	const { sealPersonalContent } = await import('#lib/server/db/seal-personal-content.js');
	const sealed = await sealPersonalContent(handle.db);
	if (sealed)
		logger.info({ applications: sealed }, 'personal data encrypted in application content');
	const seedAllowed = databaseKind() === 'pglite' || process.env.SEED_DEMO === 'true';
	if (seedAllowed && process.env.SEED_DEMO !== 'false') {
		if (await isEmpty(handle.db)) {
			// Loaded only when needed: seeding pulls in certificate rendering and signing.
			const { seedDemo } = await import('#lib/server/demo/seed.js');
			await seedDemo(handle.db);
			logger.info('demo data seeded (see README for sign-in names)');
		}
	}
	// Background jobs start a moment after start-up, so the first requests are not queued
	// behind them on the single-connection embedded database; their modules (pg-boss, PDF
	// rendering) load then too, keeping them out of the restart time.
	// Audit entries get their tree positions and signed heads every few seconds (one sequencer
	// per cluster); at shutdown a last run places what is still waiting.
	const { startAuditSequencer } = await import('#lib/server/audit/sequence-audit-log.js');
	startAuditSequencer(() => handle.db);
	let stopJobs: (() => Promise<void>) | undefined;
	const jobs = setTimeout(
		() => {
			void (async () => {
				const [batch, statuses] = await Promise.all([
					import('#lib/server/certificates/batch.js'),
					import('#lib/server/verification/status-registry.js')
				]);
				stopJobs = () => batch.stopCertificateJobs();
				// pg-boss worker for batch certificate issuance; resumes batches a crash left unfinished.
				// Periodic jobs (due results publicity at start-up and hourly, expired sessions and
				// throttle windows): pg-boss schedules, so each runs once per cluster, not per instance.
				void batch
					.startCertificateJobs()
					.then(async (boss) => {
						const { scheduleMaintenance } =
							await import('#lib/server/jobs/schedule-maintenance.js');
						await scheduleMaintenance(boss);
						// Text messages: the outbox's rows are sent by a pg-boss job with retries.
						const { startSmsJobs } = await import('#lib/server/jobs/sms-jobs.js');
						await startSmsJobs(boss);
					})
					.catch((e: Error) =>
						logger.error({ err: errorName(e) }, 'certificate jobs did not start')
					);
				// Certificate statuses in memory for verification (then polled for changes).
				void statuses
					.ensureLoaded()
					.catch((e: Error) =>
						logger.error({ err: errorName(e) }, 'certificate statuses not loaded')
					);
			})().catch((e: Error) =>
				logger.error({ err: errorName(e) }, 'background jobs did not start')
			);
		},
		Number(process.env.JOBS_START_DELAY_MS ?? 3000)
	);
	jobs.unref();
	onShutdown(() => clearTimeout(jobs));
	onShutdown(async () => stopJobs?.());
	process.once('sveltekit:shutdown', async () => {
		await runShutdownHooks();
		await handle.close();
		process.emit('zhicheng:closed' as never);
	});
};

/** Request id, one JSON log line and the metrics per request (#lib/server/observability). */
export const handle: Handle = (input) => observeRequest(input.event, () => handleRequest(input));

const handleRequest: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.actor = null;
	// A form posted from another site: 403 in Chinese (Kit's own check is off, see cross-site.ts).
	const crossSite = refuseCrossSiteForm(event.request, event.url);
	if (crossSite) return withSecurityHeaders(crossSite, event.url, false);
	// A body over its route's limit: 413 in Chinese before anything reads it.
	const oversize = refuseOversizeBody(event.request, event.url);
	if (oversize) return withSecurityHeaders(oversize, event.url, false);
	// Control characters anywhere in the request: 400 before a session is touched.
	const refused = await refuseHostileInput(event.request, event.url);
	if (refused) return withSecurityHeaders(refused, event.url, false);
	const token = event.cookies.get(cookieName(event.url));
	if (token) {
		const result = await session.validateSessionToken(token);
		if (result.session) {
			if (result.renewed || !event.cookies.get(SESSION_MARKER_COOKIE))
				setSessionTokenCookie(event.cookies, event.url, token, result.session.expiresAt);
			event.locals.user = result.user;
			event.locals.session = result.session;
			event.locals.actor = await actorOf(result.user);
		} else {
			deleteSessionTokenCookie(event.cookies, event.url);
		}
	} else if (event.cookies.get(SESSION_MARKER_COOKIE)) {
		deleteSessionTokenCookie(event.cookies, event.url);
	}
	const response = withSecurityHeaders(await resolve(event), event.url, !!event.locals.user);
	// Whose response this is, for the service worker's per-session caches (shared phones).
	const current = event.locals.session;
	response.headers.set(
		SESSION_MARKER_HEADER,
		current ? `${event.locals.user?.kind === 'staff' ? 's' : 'a'}.${markerOf(current.id)}` : 'none'
	);
	if (current) response.headers.set(SESSION_EXPIRES_HEADER, current.expiresAt.toISOString());
	return response;
};

function withSecurityHeaders(response: Response, url: URL, personal: boolean): Response {
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	// Only an application's attachment may be framed, by our own review page (it says so itself).
	if (!h.has('X-Frame-Options')) h.set('X-Frame-Options', 'DENY');
	h.set('Permissions-Policy', 'camera=(self), geolocation=(), microphone=()');
	if (!h.has('Content-Security-Policy')) {
		// Kit adds the CSP to pages; every other response gets a locked-down one.
		h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
	}
	if (url.protocol === 'https:')
		h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if (personal) h.set('Cache-Control', 'private, no-store');
	return response;
}

/** Every error page and error body carries the request id, for the help desk. */
export const handleError: HandleServerError = (input) => ({
	...errorBody(input),
	requestId: input.event.locals.requestId
});

/** Never a stack trace to the user; never personal data in the log. */
const errorBody = (
	input: Parameters<HandleServerError>[0]
): Exclude<Awaited<ReturnType<HandleServerError>>, void> => {
	if (input.kind === 'app') return input.error;
	if (input.kind === 'framework' || input.kind === 'validation') {
		const status = input.error.status;
		if (status === 404)
			return { message: errorCatalogue.NOT_FOUND.message, code: 'NOT_FOUND', status };
		// A body cut at adapter-node's BODY_SIZE_LIMIT (one sent without Content-Length).
		if (status === 413)
			return {
				message: tooLargeMessage(null, true),
				code: 'UPLOAD_TOO_LARGE',
				status
			};
		return { message: '请求无效，请返回上一页重试。', code: 'BAD_REQUEST', status };
	}
	const error = input.error;
	if (isAppError(error)) return { message: error.message, code: error.code, status: error.status };
	const name = error instanceof Error ? error.name : 'unknown';
	logger.error(
		{
			err: name,
			route: input.event.route.id ?? 'unmatched',
			requestId: input.event.locals.requestId
		},
		'unexpected error'
	);
	return {
		message: '系统暂时出现问题，请稍后再试。如果问题持续，请联系市职改办。',
		code: 'INTERNAL',
		status: 500
	};
};

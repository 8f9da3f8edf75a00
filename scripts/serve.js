// Serves an existing build (used in production, by the end-to-end tests and the benchmarks).
// Logs JSON lines like the app (src/lib/server/observability/logger.ts).
import { pino } from 'pino';
import { startServer } from './server.js';

const log = pino({
	base: { service: 'zhicheng' },
	timestamp: pino.stdTimeFunctions.isoTime,
	formatters: { level: (label) => ({ level: label }) }
});
await startServer();
log.info({ port: Number(process.env.PORT ?? 3000) }, 'serving');

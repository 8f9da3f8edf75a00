// Serves an existing build (used by the end-to-end tests and the benchmarks).
import { startServer } from './server.js';

await startServer();
console.info(`[zhicheng] serving on port ${process.env.PORT ?? 3000}`);

// Production server around adapter-node's handler.
//
// adapter-node 6 has no ORIGIN variable and assumes https unless a protocol header says
// otherwise. Behind a TLS-terminating proxy set TRUST_PROXY=true and the proxy's
// X-Forwarded-Proto/Host are used; otherwise the socket decides (plain http for a local
// demo), so same-origin form posts pass Kit's CSRF check in both set-ups.
import http from 'node:http';
import { enableCompileCache } from 'node:module';
import process from 'node:process';

// Caches compiled bytecode between restarts (faster restarts of the same build).
enableCompileCache();

// adapter-node cuts every request body at BODY_SIZE_LIMIT (default 512K, below one phone
// photo of a licence). The app's own per-route limits (src/lib/server/http/body-limit.ts:
// 25 MB for the forms taking a 10 MB file, 512 KB elsewhere) are checked before a body is
// read; this is the outer bound for bodies sent without Content-Length. Keep them equal.
process.env.BODY_SIZE_LIMIT ||= '25M';
const trustProxy = process.env.TRUST_PROXY === 'true';
process.env.PROTOCOL_HEADER ||= 'x-forwarded-proto';
if (trustProxy) {
	process.env.HOST_HEADER ||= 'x-forwarded-host';
	process.env.ADDRESS_HEADER ||= 'x-forwarded-for';
	process.env.XFF_DEPTH ||= '1';
}

export async function startServer({
	port = Number(process.env.PORT ?? 3000),
	host = process.env.HOST ?? '0.0.0.0'
} = {}) {
	const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);
	const server = http.createServer((req, res) => {
		if (!trustProxy) {
			req.headers['x-forwarded-proto'] =
				'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
			delete req.headers['x-forwarded-host'];
		}
		handler(req, res);
	});
	server.keepAliveTimeout = 65_000;
	await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
	const stop = () => {
		server.close(() => {
			// Lets the app close its database cleanly (PGlite must not be killed mid-write).
			process.once('zhicheng:closed', () => process.exit(0));
			process.emit('sveltekit:shutdown', 'SIGTERM');
			setTimeout(() => process.exit(0), 10_000).unref();
		});
		server.closeAllConnections();
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
	return server;
}

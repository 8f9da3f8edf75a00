import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';

/**
 * Drizzle asks postgres.js for a server-side prepared statement only when a query is given a
 * name (`.prepare('name')`); every other query is parsed and planned by PostgreSQL anew each
 * time. An approval sends eight statements, and the parsing and planning were 40 % of the
 * server's CPU time (bench/queue: 2.98 → 1.80 ms PostgreSQL CPU per transition). With this,
 * postgres.js prepares each distinct statement once per connection and reuses it.
 *
 * Statements with many parameters (bulk inserts of varying size) stay unprepared, so the number
 * of statements kept per connection stays bounded by the number of query shapes.
 */
export const MAX_PREPARED_PARAMETERS = 64;

let installed = false;

export function preparePostgresStatements(): void {
	if (installed) return;
	installed = true;
	const prototype = PostgresJsSession.prototype as unknown as {
		prepareQuery: (query: { sql: string; params: unknown[] }, ...rest: unknown[]) => unknown;
	};
	const original = prototype.prepareQuery;
	prototype.prepareQuery = function (query, fields, name, ...rest) {
		// A defined name is what makes drizzle pass `prepare: true` to postgres.js; postgres.js
		// names the statement itself, by its text.
		const prepare = name ?? (query.params.length <= MAX_PREPARED_PARAMETERS ? '' : undefined);
		return original.call(this, query, fields, prepare, ...rest);
	};
}

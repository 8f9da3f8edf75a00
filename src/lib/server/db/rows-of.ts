/** The rows of a raw `db.execute` result: PGlite wraps them in `{ rows }`, postgres.js does not. */
export function rowsOf<T>(result: unknown): T[] {
	const r = result as { rows?: T[] } & T[];
	return r.rows ?? r;
}

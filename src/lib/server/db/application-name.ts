import { hostname } from 'node:os';

/**
 * This process's PostgreSQL `application_name`: the pool's connections carry it, so the metrics
 * can count this instance's connections (and those running a query) in `pg_stat_activity`.
 * PostgreSQL keeps at most 63 bytes.
 */
export const DB_APPLICATION_NAME = `zhicheng:${hostname().slice(0, 40)}:${process.pid}`;

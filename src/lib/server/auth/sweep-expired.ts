import { lt } from 'drizzle-orm';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { sessions, throttle } from '../db/schema/index.js';

/**
 * Deletes sessions past their expiry and throttle windows that have ended (sign-in, lookup and
 * registration counters, failed sign-ins per identifier). A session is refused once expired
 * whether swept or not; sweeping keeps the tables small and holds no stale data.
 */
export async function sweepExpired(at = now()): Promise<{ sessions: number; throttle: number }> {
	const gone = await db()
		.delete(sessions)
		.where(lt(sessions.expiresAt, at))
		.returning({ id: sessions.id });
	const windows = await db()
		.delete(throttle)
		.where(lt(throttle.resetAt, at))
		.returning({ key: throttle.key });
	return { sessions: gone.length, throttle: windows.length };
}

/**
 * Where the status register learns about invalidation notices (声明作废, issue 7). The default
 * reads the `notices` table through notices/status.ts; tests or another module may install
 * their own source with setNoticeSource() (status-registry.ts).
 */
import { and, isNotNull, ne } from 'drizzle-orm';
import { db } from '../db/index.js';
import { notices } from '../db/schema/index.js';
import { noticeStatusOf } from '../notices/status.js';

export interface NoticeEffect {
	status: 'notice' | 'void';
	since: string | null;
	until: string | null;
}

/** Certificates (by id) that an invalidation notice affects, with the status it gives them. */
export type NoticeSource = () => Promise<Map<string, NoticeEffect>>;

const nextDay = (day: string) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The notices of issue 7 (notices/status.ts decides what is running, completed or withdrawn).
 * A running notice gives 'notice' until its last day; a completed one 'void' from the day
 * after — the holder has publicly declared the certificate void.
 */
export async function noticesTable(): ReturnType<NoticeSource> {
	const rows = await db()
		.selectDistinct({ id: notices.certificateId })
		.from(notices)
		.where(and(isNotNull(notices.certificateId), ne(notices.status, 'withdrawn')));
	const statuses = await noticeStatusOf(rows.map((r) => r.id!));
	const out: Awaited<ReturnType<NoticeSource>> = new Map();
	for (const [id, n] of statuses) {
		out.set(
			id,
			n.running
				? { status: 'notice', since: null, until: n.until }
				: { status: 'void', since: nextDay(n.until), until: null }
		);
	}
	return out;
}

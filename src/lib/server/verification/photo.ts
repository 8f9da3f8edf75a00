/**
 * The holder's photo on the public verification page — only where the deployment enables it
 * (VERIFY_SHOW_PHOTO=true): a photo lets the verifier compare faces, but it is personal data
 * that a public page should not show by default.
 */
import { and, eq } from 'drizzle-orm';
import { db } from '../db/index.js';
import { attachments } from '../db/schema/index.js';

export function photosShown(): boolean {
	return process.env.VERIFY_SHOW_PHOTO === 'true';
}

export async function photoBytes(
	attachmentId: string
): Promise<{ mime: string; data: Uint8Array } | undefined> {
	const [row] = await db()
		.select({ mime: attachments.mime, data: attachments.data })
		.from(attachments)
		.where(and(eq(attachments.id, attachmentId), eq(attachments.complete, true)));
	if (!row?.data || !/^image\/(jpeg|png)$/.test(row.mime)) return undefined;
	return { mime: row.mime, data: row.data };
}

import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '#lib/domain/errors.js';
import { can, type Actor } from '#lib/domain/policy.js';
import { authorize } from '../auth/actor.js';
import { db } from '../db/index.js';
import { applications, attachments } from '../db/schema/index.js';
import { involvedOrgIds } from '../applications/transition-application.js';

export interface AttachmentContent {
	name: string;
	mime: string;
	size: number;
	sha256: string;
	bytes: Uint8Array;
}

/**
 * GET /api/uploads/:id/content — a complete attachment's bytes, for its owner, and for the
 * organisations that may view the application it belongs to (reviewers), per the policy.
 */
export async function readAttachment(actor: Actor, id: string): Promise<AttachmentContent> {
	const [row] = await db()
		.select({
			ownerUserId: attachments.ownerUserId,
			applicationId: attachments.applicationId,
			name: attachments.name,
			mime: attachments.mime,
			complete: attachments.complete,
			// base64 text: far cheaper than a bytea column on PGlite (see append-chunk.ts).
			data: sql<string>`encode(${attachments.data}, 'base64')`
		})
		.from(attachments)
		.where(eq(attachments.id, id));
	if (!row || !row.complete)
		throw new AppError('NOT_FOUND', {}, '找不到该附件，或附件尚未上传完成。');
	const asFile = { type: 'file', ownerUserId: row.ownerUserId, ownerOrgId: null } as const;
	if (!can(actor, 'file.view', asFile)) {
		const [app] = row.applicationId
			? await db().select().from(applications).where(eq(applications.id, row.applicationId))
			: [];
		if (!app) {
			await authorize(actor, 'file.view', asFile); // refuses and audits
			throw new AppError('FORBIDDEN');
		}
		await authorize(actor, 'application.view', {
			type: 'application',
			id: app.id,
			applicantId: app.applicantId,
			orgIds: await involvedOrgIds(db(), app)
		});
	}
	// The stored copy is the sanitised one (see append-chunk.ts): its own size and digest, not
	// the phone's declaration, describe what is served.
	const bytes = new Uint8Array(Buffer.from(row.data, 'base64'));
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	return { name: row.name, mime: row.mime, size: bytes.length, sha256, bytes };
}

import { and, eq, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '#lib/domain/errors.js';
import { recordAudit } from '../audit/record.js';
import { db } from '../db/index.js';
import { attachments } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';
import { loadOwnUpload, statusOf, type UploadRow, type UploadStatus } from './upload-status.js';

/** Above adapter-node's default body limit (512 KB) nothing arrives anyway; the phone sends 256 KB. */
export const MAX_CHUNK_BYTES = 512 * 1024;

/** 409 carrying the offset the client must resume from. */
export class OffsetMismatch extends AppError {
	constructor(readonly received: number) {
		super('UPLOAD_OFFSET');
	}
}

/**
 * PATCH /api/uploads/:id — appends `bytes` at `offset`, tus style: only when `offset` equals
 * what the server holds, in ONE conditional UPDATE (`received = offset`), so two tabs or a
 * replayed request can never write a chunk twice. A chunk the server already has is answered
 * with the current offset and not written again. The last chunk triggers verification.
 */
export async function appendChunk(
	actor: ApplicantActor,
	id: string,
	offset: number,
	bytes: Uint8Array
): Promise<UploadStatus> {
	const row = await loadOwnUpload(actor, id, 'attachment.append');
	if (!row) throw new AppError('NOT_FOUND', {}, '请先登记该附件再上传内容。');
	if (!Number.isSafeInteger(offset) || offset < 0) {
		throw new AppError('VALIDATION', {}, '上传位置无效，请刷新页面后重试。');
	}
	if (bytes.length > MAX_CHUNK_BYTES)
		throw new AppError('UPLOAD_TOO_LARGE', {}, '单次上传的数据过大。');
	if (offset + bytes.length > row.size) {
		throw new AppError(
			'UPLOAD_TOO_LARGE',
			{},
			'上传的内容超过了登记的文件大小，请删除该附件后重新上传。'
		);
	}
	if (row.complete || offset + bytes.length <= row.received) return statusOf(row); // replay
	if (offset > row.received) throw new OffsetMismatch(row.received);
	// Overlaps what we hold (a retried chunk after a partial write): append only the new tail.
	const tail = bytes.subarray(row.received - offset);
	const [updated] = await db()
		.update(attachments)
		.set({
			// Sent as base64 text and decoded by PostgreSQL: several times faster than a bytea
			// parameter on PGlite (which hex-encodes byte by byte in JavaScript), same on PostgreSQL.
			data: sql`${attachments.data} || decode(${Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength).toString('base64')}, 'base64')`,
			received: sql`${attachments.received} + ${tail.length}`
		})
		.where(
			and(
				eq(attachments.id, id),
				eq(attachments.received, row.received),
				eq(attachments.complete, false)
			)
		)
		.returning({ received: attachments.received });
	if (!updated) {
		// Another request moved the offset first: tell the client where to go on.
		const [now] = await db()
			.select({ received: attachments.received, complete: attachments.complete })
			.from(attachments)
			.where(eq(attachments.id, id));
		if (now && offset + bytes.length <= now.received) return statusOf({ ...row, ...now });
		throw new OffsetMismatch(now?.received ?? 0);
	}
	if (updated.received < row.size) return statusOf({ ...row, received: updated.received });
	return verify(actor, { ...row, received: updated.received });
}

/**
 * All bytes are in: the SHA-256 must match the declaration and the magic bytes the declared
 * type. Success marks it complete; failure empties it (nothing kept as complete) — both with
 * their audit entry in one transaction.
 */
async function verify(actor: ApplicantActor, row: UploadRow): Promise<UploadStatus> {
	const failure = await db().transaction(async (tx) => {
		// Hashed inside PostgreSQL: only the digest and the first 4 KB (magic bytes) come back.
		const [stored] = await tx
			.select({
				length: sql<number>`length(${attachments.data})`,
				sha256: sql<string>`encode(sha256(${attachments.data}), 'hex')`,
				head: sql<Uint8Array>`substring(${attachments.data} from 1 for 4100)`
			})
			.from(attachments)
			.where(eq(attachments.id, row.id))
			.for('update');
		const detected = stored ? await fileTypeFromBuffer(new Uint8Array(stored.head)) : undefined;
		const reason =
			Number(stored?.length) !== row.size || stored?.sha256 !== row.sha256
				? 'checksum'
				: detected?.mime !== row.mime
					? 'type'
					: null;
		await tx
			.update(attachments)
			.set(reason ? { data: new Uint8Array(0), received: 0, complete: false } : { complete: true })
			.where(eq(attachments.id, row.id));
		await recordAudit(tx, {
			actorUserId: actor.userId,
			action: 'attachment.complete',
			objectType: 'attachment',
			objectId: row.id,
			result: reason ? 'failed' : 'ok',
			detail: reason ? { reason } : { size: row.size }
		});
		return reason;
	});
	if (failure === 'checksum') throw new AppError('UPLOAD_CHECKSUM');
	if (failure === 'type') {
		throw new AppError(
			'UPLOAD_BAD_TYPE',
			{},
			'文件内容与声明的格式不符，请上传真实的 PDF、JPEG 或 PNG 文件。'
		);
	}
	return statusOf({ ...row, complete: true });
}

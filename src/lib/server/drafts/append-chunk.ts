import { and, eq, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, isAppError } from '#lib/domain/errors.js';
import { recordAudit } from '../audit/record.js';
import { db } from '../db/index.js';
import { attachments } from '../db/schema/index.js';
import type { ApplicantActor } from '../http/api.js';
import { sanitiseUpload, type UploadMime } from '../files/sanitise-upload.js';
import {
	loadOwnUpload,
	statusOf,
	uploadColumns,
	type UploadRow,
	type UploadStatus
} from './upload-status.js';

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
	// All bytes in but not verified (a crash between the last chunk and its verification): the
	// replayed last chunk verifies now.
	if (!row.complete && row.received === row.size) return verify(actor, row);
	if (row.complete || offset + bytes.length <= row.received) return statusOf(row); // replay
	if (offset > row.received) throw new OffsetMismatch(row.received);
	// Overlaps what we hold (a retried chunk after a partial write): append only the new tail.
	const tail = bytes.subarray(row.received - offset);
	const [updated] = await db()
		.update(attachments)
		.set({
			// Sent as base64 text and decoded by PostgreSQL: several times faster than a bytea
			// parameter on PGlite (which hex-encodes byte by byte in JavaScript), same on PostgreSQL.
			data: sql`${attachments.data} || decode(${base64(tail)}, 'base64')`,
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
 * All bytes are in: the SHA-256 must match the declaration (what the phone sent: the resume
 * and submit checks stay on it) and the magic bytes the declared type. Then the server keeps
 * the sanitised copy (`sanitiseUpload`: images re-encoded without EXIF/GPS, pixel limit, PDFs
 * with active content refused), decoded outside any transaction so that no connection waits
 * on the image library. Success marks it complete; failure empties it — each with its audit
 * entry in one transaction, and only while it is still incomplete (a concurrent verification
 * of the same upload cannot undo the other's result).
 */
async function verify(actor: ApplicantActor, row: UploadRow): Promise<UploadStatus> {
	// Hashed inside PostgreSQL: only the digest comes back.
	const [stored] = await db()
		.select({
			length: sql<number>`length(${attachments.data})`,
			sha256: sql<string>`encode(sha256(${attachments.data}), 'hex')`
		})
		.from(attachments)
		.where(eq(attachments.id, row.id));
	if (Number(stored?.length) !== row.size || stored?.sha256 !== row.sha256)
		return refuse(actor, row, 'checksum', new AppError('UPLOAD_CHECKSUM'));
	const raw = await storedBytes(row.id);
	const detected = await fileTypeFromBuffer(raw);
	if (detected?.mime !== row.mime) {
		return refuse(
			actor,
			row,
			'type',
			new AppError(
				'UPLOAD_BAD_TYPE',
				{},
				'文件内容与声明的格式不符，请上传真实的 PDF、JPEG 或 PNG 文件。'
			)
		);
	}
	let clean: Uint8Array;
	try {
		clean = await sanitiseUpload(raw, row.mime as UploadMime);
	} catch (e) {
		if (isAppError(e)) return refuse(actor, row, 'unsafe', e);
		throw e;
	}
	const done = await db().transaction(async (tx) => {
		const [updated] = await tx
			.update(attachments)
			.set({ data: sql`decode(${base64(clean)}, 'base64')`, complete: true })
			.where(
				and(
					eq(attachments.id, row.id),
					eq(attachments.complete, false),
					eq(attachments.received, row.size)
				)
			)
			.returning({ id: attachments.id });
		if (!updated) return false;
		await recordAudit(tx, {
			actorUserId: actor.userId,
			action: 'attachment.complete',
			objectType: 'attachment',
			objectId: row.id,
			result: 'ok',
			detail: { size: row.size, storedSize: clean.length }
		});
		return true;
	});
	if (done) return statusOf({ ...row, complete: true });
	const [now] = await db()
		.select(uploadColumns)
		.from(attachments)
		.where(eq(attachments.id, row.id));
	return statusOf(now ?? { ...row, received: 0, complete: false });
}

async function refuse(
	actor: ApplicantActor,
	row: UploadRow,
	reason: string,
	error: AppError
): Promise<never> {
	await db().transaction(async (tx) => {
		const [emptied] = await tx
			.update(attachments)
			.set({ data: new Uint8Array(0), received: 0, complete: false })
			.where(and(eq(attachments.id, row.id), eq(attachments.complete, false)))
			.returning({ id: attachments.id });
		if (!emptied) return;
		await recordAudit(tx, {
			actorUserId: actor.userId,
			action: 'attachment.complete',
			objectType: 'attachment',
			objectId: row.id,
			result: 'failed',
			detail: { reason }
		});
	});
	throw error;
}

const base64 = (b: Uint8Array) =>
	Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** base64 text: far cheaper than a bytea column on PGlite. */
async function storedBytes(id: string): Promise<Uint8Array> {
	const [r] = await db()
		.select({ data: sql<string>`encode(${attachments.data}, 'base64')` })
		.from(attachments)
		.where(eq(attachments.id, id));
	return new Uint8Array(Buffer.from(r?.data ?? '', 'base64'));
}

/**
 * The "export unsent drafts" file: JSON holding drafts and their files (base64), so a person
 * can carry unsent work to another browser or keep it before clearing a shared phone.
 * Import trusts nothing: every draft goes through the server's strict payload parse and every
 * file's bytes must match its size and sha256, or nothing is imported.
 */
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import * as v from 'valibot';
import {
	ATTACHMENT_MIMES,
	MAX_ATTACHMENT_BYTES,
	parseDraftPayload,
	type ApplicationDraft
} from '../../domain/application-form.js';
import { AppError } from '../../domain/errors.js';
import { sha256Hex } from './checksum.js';

export const EXPORT_FORMAT = 'zhicheng-drafts';

export interface ExportedDraft {
	id: string;
	version: number;
	updatedAt: string;
	content: ApplicationDraft;
	syncState: 'local' | 'conflict' | 'error';
	server: {
		id: string;
		version: number;
		updatedAt: string;
		content: ApplicationDraft;
		clientId: string;
	} | null;
	error: string | null;
}
export interface ExportedFile {
	id: string;
	name: string;
	mime: string;
	size: number;
	sha256: string;
	bytes: Uint8Array<ArrayBuffer>;
}
export interface DecodedExport {
	userId: string;
	exportedAt: string;
	drafts: ExportedDraft[];
	files: ExportedFile[];
}

const uuid = v.pipe(v.string(), v.uuid());
const serverCopy = v.strictObject({
	id: uuid,
	version: v.pipe(v.number(), v.integer(), v.minValue(1)),
	updatedAt: v.pipe(v.string(), v.maxLength(40)),
	content: v.unknown(),
	clientId: v.pipe(v.string(), v.maxLength(100))
});
const fileSchema = v.strictObject({
	format: v.literal(EXPORT_FORMAT),
	formatVersion: v.literal(1),
	exportedAt: v.pipe(v.string(), v.maxLength(40)),
	userId: v.pipe(v.string(), v.maxLength(100)),
	drafts: v.pipe(
		v.array(
			v.strictObject({
				id: uuid,
				version: v.pipe(v.number(), v.integer(), v.minValue(0)),
				updatedAt: v.pipe(v.string(), v.maxLength(40)),
				content: v.unknown(),
				syncState: v.picklist(['local', 'conflict', 'error']),
				server: v.nullable(serverCopy),
				error: v.nullable(v.pipe(v.string(), v.maxLength(500)))
			})
		),
		v.maxLength(500)
	),
	files: v.pipe(
		v.array(
			v.strictObject({
				id: uuid,
				name: v.pipe(v.string(), v.maxLength(255)),
				mime: v.picklist(ATTACHMENT_MIMES),
				size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ATTACHMENT_BYTES)),
				sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
				data: v.string()
			})
		),
		v.maxLength(5000)
	)
});

const NOT_OURS = '导入失败：这不是本平台导出的草稿文件，请选择“导出未同步草稿”生成的文件。';
const DAMAGED = '导入失败：文件已损坏或被修改（附件校验不一致），请重新导出后再试。';

export function encodeExport(
	userId: string,
	drafts: ExportedDraft[],
	files: ExportedFile[]
): string {
	return JSON.stringify({
		format: EXPORT_FORMAT,
		formatVersion: 1,
		exportedAt: new Date().toISOString(),
		userId,
		drafts,
		files: files.map(({ bytes, ...meta }) => ({ ...meta, data: encodeBase64(bytes) }))
	});
}

function draftContent(content: unknown): ApplicationDraft {
	const parsed = parseDraftPayload(content);
	if (!parsed.ok) throw new AppError('VALIDATION', parsed.errors, NOT_OURS);
	return parsed.value;
}

/** Parses and verifies an export file; throws AppError('VALIDATION') with a Chinese message. */
export async function decodeExport(text: string): Promise<DecodedExport> {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new AppError('VALIDATION', {}, NOT_OURS);
	}
	const parsed = v.safeParse(fileSchema, json);
	if (!parsed.success) throw new AppError('VALIDATION', {}, NOT_OURS);
	const { userId, exportedAt } = parsed.output;
	const drafts = parsed.output.drafts.map((d) => ({
		...d,
		content: draftContent(d.content),
		server: d.server && { ...d.server, content: draftContent(d.server.content) }
	}));
	const files: ExportedFile[] = [];
	for (const { data, ...meta } of parsed.output.files) {
		let bytes: Uint8Array<ArrayBuffer>;
		try {
			bytes = new Uint8Array(decodeBase64(data));
		} catch {
			throw new AppError('VALIDATION', {}, DAMAGED);
		}
		if (bytes.byteLength !== meta.size || (await sha256Hex(bytes)) !== meta.sha256) {
			throw new AppError('VALIDATION', {}, DAMAGED);
		}
		files.push({ ...meta, bytes });
	}
	return { userId, exportedAt, drafts, files };
}

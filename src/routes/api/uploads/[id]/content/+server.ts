import { error } from '@sveltejs/kit';
import { isAppError } from '#lib/domain/errors.js';
import { idParam } from '#lib/server/http/api.js';
import { readAttachment } from '#lib/server/drafts/read-attachment.js';
import type { RequestHandler } from './$types';

/** The bytes of a complete attachment: its owner, or a reviewer of its application. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) error(401, '请先登录。');
	try {
		const file = await readAttachment(locals.actor, idParam(params.id));
		return new Response(Buffer.from(file.bytes), {
			headers: {
				'Content-Type': file.mime,
				'Content-Length': String(file.size),
				'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
				'Cache-Control': 'private, no-store',
				ETag: `"${file.sha256}"`
			}
		});
	} catch (e) {
		if (isAppError(e)) error(e.status, e.message);
		throw e;
	}
};

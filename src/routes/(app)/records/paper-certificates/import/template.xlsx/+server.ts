import { authorize } from '#lib/server/auth/actor.js';
import { requireActor } from '#lib/server/http/form.js';
import { XLSX_MIME } from '#lib/server/legacy/import-template.js';
import { paperCertificateTemplate } from '#lib/server/legacy/import-paper-certificates.js';
import type { RequestHandler } from './$types';

/** The Excel template for the paper-certificate import (headers, text columns, a help sheet). */
export const GET: RequestHandler = async ({ locals, url }) => {
	await authorize(requireActor(locals, url), 'paperCertificate.register', { type: 'platform' });
	const body = await paperCertificateTemplate();
	return new Response(body as BodyInit, {
		headers: {
			'Content-Type': XLSX_MIME,
			'Content-Disposition': `attachment; filename="paper-certificates.xlsx"; filename*=UTF-8''${encodeURIComponent('纸质证书导入模板.xlsx')}`,
			'Cache-Control': 'private, no-store'
		}
	});
};

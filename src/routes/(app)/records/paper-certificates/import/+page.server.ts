import { fail } from '@sveltejs/kit';
import { authorize } from '#lib/server/auth/actor.js';
import { attempt, authorizeForm, requireActor } from '#lib/server/http/form.js';
import {
	importPaperCertificates,
	PAPER_COLUMNS
} from '#lib/server/legacy/import-paper-certificates.js';
import type { Actions, PageServerLoad } from './$types';

const MAX_BYTES = 2 * 1024 * 1024;

export const load: PageServerLoad = async ({ locals, url }) => {
	await authorize(requireActor(locals, url), 'paperCertificate.register', { type: 'platform' });
	return { columns: Object.values(PAPER_COLUMNS) };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const { actor, refused } = await authorizeForm(locals, url, 'paperCertificate.register', {
			type: 'platform'
		});
		if (refused) return refused;
		const data = await request.formData();
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				message: '请选择要导入的 CSV 或 Excel（.xlsx）文件',
				fields: {},
				values: {}
			});
		if (file.size > MAX_BYTES)
			return fail(413, { message: '文件不能超过 2 MB，请分批导入', fields: {}, values: {} });
		// The bytes as sent: read-table.ts tells .xlsx from CSV and UTF-8 from GBK.
		const bytes = new Uint8Array(await file.arrayBuffer());
		const result = await attempt(data, () => importPaperCertificates(actor, bytes));
		if (!Array.isArray(result)) return result;
		return { report: result };
	}
};

import { redirect } from '@sveltejs/kit';
import { SERIES } from '#lib/domain/catalogue.js';
import { AppError } from '#lib/domain/errors.js';
import { attempt, requireActor, str } from '#lib/server/http/form.js';
import { publishFormOptions } from '#lib/server/notices/get-publish-form-options.js';
import { publishNotice } from '#lib/server/notices/publish-notice.js';
import type { SubjectInput } from '#lib/server/notices/subject.js';
import { route } from '#lib/routes.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	if (actor.kind !== 'applicant') return { applicant: false as const };
	return {
		applicant: true as const,
		preselect: url.searchParams.get('application') ?? '',
		series: SERIES,
		...(await publishFormOptions(actor.userId))
	};
};

function subjectOf(data: FormData): SubjectInput {
	const type = str(data, 'subject');
	if (type === 'electronic') return { type, certificateId: str(data, 'certificateId') };
	if (type === 'registeredPaper')
		return { type, paperCertificateId: str(data, 'paperCertificateId') };
	if (type === 'paper')
		return {
			type,
			series: str(data, 'series'),
			qualification: str(data, 'qualification'),
			number: str(data, 'number'),
			issuedOn: str(data, 'issuedOn'),
			issuingOffice: str(data, 'issuingOffice')
		};
	throw new AppError('VALIDATION', { subject: '请选择要声明作废的证书' });
}

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const data = await request.formData();
		const [applicationId, version] = str(data, 'draft').split(':');
		const result = await attempt(data, () =>
			publishNotice(requireActor(locals, url), {
				applicationId: applicationId ?? '',
				expectedVersion: Number(version),
				subject: subjectOf(data)
			})
		);
		if (!('notice' in result)) return result;
		redirect(303, route.myNotices());
	}
};

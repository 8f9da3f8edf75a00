import { error } from '@sveltejs/kit';
import { electronicCertificateRules, guide, isGuideSlug, processSvg } from '#lib/domain/guides.js';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	if (params.slug === 'electronic-certificates')
		return { rules: electronicCertificateRules, guide: null, svg: '' };
	if (!isGuideSlug(params.slug)) error(404, '没有这份指南');
	return { rules: null, guide: guide(params.slug), svg: processSvg(params.slug) };
};

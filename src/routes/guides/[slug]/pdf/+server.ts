import { error } from '@sveltejs/kit';
import { isGuideSlug } from '#lib/domain/guides.js';
import { guidePdf } from '#lib/server/guides/guide-pdf.js';
import type { RequestHandler } from './$types';

const cache = new Map<string, Uint8Array>();

/** Guides change only with a release, so each PDF is rendered once per process. */
export const GET: RequestHandler = async ({ params }) => {
	const slug = params.slug;
	if (slug !== 'electronic-certificates' && !isGuideSlug(slug)) error(404, '没有这份指南');
	let pdf = cache.get(slug);
	if (!pdf) {
		pdf = await guidePdf(slug);
		cache.set(slug, pdf);
	}
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="guide-${slug}.pdf"; filename*=UTF-8''${encodeURIComponent('办事指南')}-${slug}.pdf`,
			'cache-control': 'public, max-age=3600'
		}
	});
};

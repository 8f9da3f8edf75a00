import { boardPage } from '#lib/server/notices/list-board.js';
import { atomFeed } from '#lib/server/notices/feed.js';
import { route } from '#lib/routes.js';
import type { RequestHandler } from './$types';

/** The latest page of the notice board as Atom; cached briefly by browsers and proxies. */
export const GET: RequestHandler = async ({ url }) => {
	const { items } = await boardPage({ page: 1 });
	const body = atomFeed({
		origin: url.origin,
		boardUrl: new URL(route.notices(), url.origin).href,
		feedUrl: new URL(route.noticesFeed(), url.origin).href,
		items,
		updated: items.reduce((max, i) => (i.at > max ? i.at : max), new Date(0))
	});
	return new Response(body, {
		headers: {
			'content-type': 'application/atom+xml; charset=utf-8',
			'cache-control': 'public, max-age=300'
		}
	});
};

import { boardPage } from '#lib/server/notices/list-board.js';
import type { PageServerLoad } from './$types';
import { positiveInt } from '#lib/server/http/query.js';

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	setHeaders({ 'cache-control': 'public, max-age=60' });
	return boardPage({
		q: url.searchParams.get('q') ?? '',
		page: positiveInt(url.searchParams.get('page'), 1),
		kind: url.searchParams.get('kind') ?? ''
	});
};

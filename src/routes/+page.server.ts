import { db } from '#lib/server/db/instance.ts';
import { listUpcomingSeasons } from '#lib/server/repositories/series.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const { page, perPage } = parsePage(url.searchParams, 30);
	const { items, total } = await listUpcomingSeasons(db, { page, perPage });
	return { seasons: items, total, page, pages: pageCount(total, perPage), perPage };
};

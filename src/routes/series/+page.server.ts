import { db } from '#lib/server/db/instance.ts';
import { listSeries } from '#lib/server/repositories/series.ts';
import { pageCount, parsePage, parseQuery } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const query = parseQuery(url.searchParams);
	const { page, perPage } = parsePage(url.searchParams, 50);
	const { items, total } = await listSeries(db, { query, page, perPage });
	return { series: items, total, query: query ?? '', page, pages: pageCount(total, perPage) };
};

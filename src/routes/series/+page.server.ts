import { db } from '#lib/server/db/instance.ts';
import { loadSeriesList } from '#lib/server/views.ts';
import { pageCount, parsePage, parseQuery } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const query = parseQuery(url.searchParams);
	const { page, perPage } = parsePage(url.searchParams, 50);
	const { items, total } = await loadSeriesList(db, { query, page, perPage });
	return { series: items, total, query: query ?? '', page, pages: pageCount(total, perPage) };
};

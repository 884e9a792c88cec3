import { db } from '#lib/server/db/instance.ts';
import { listNews } from '#lib/server/repositories/news.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const { page, perPage } = parsePage(url.searchParams, 50);
	const { items, total } = await listNews(db, { page, perPage });
	return { news: items, total, page, pages: pageCount(total, perPage) };
};

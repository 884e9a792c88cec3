import { json } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { loadSeriesList } from '#lib/server/views.ts';
import { pageCount, parsePage, parseQuery } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const query = parseQuery(url.searchParams);
	const { page, perPage } = parsePage(url.searchParams);
	const { items, total } = await loadSeriesList(db, { query, page, perPage });
	return json({ items, page, perPage, total, pages: pageCount(total, perPage) });
};

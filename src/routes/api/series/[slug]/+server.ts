import { error, json, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { getSeriesBySlug, redirectedSlug } from '#lib/server/repositories/series.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const { page, perPage } = parsePage(url.searchParams);
	const series = await getSeriesBySlug(db, params.slug, { page, perPage });
	if (!series) {
		const moved = await redirectedSlug(db, params.slug);
		if (moved) redirect(301, `/api/series/${encodeURIComponent(moved)}${url.search}`);
		error(404, `No series called "${params.slug.slice(0, 80)}"`);
	}
	return json({ ...series, page, perPage, pages: pageCount(series.seasonCount, perPage) });
};

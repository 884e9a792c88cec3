import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { loadSeriesPage } from '#lib/server/views.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const page = await loadSeriesPage(db, params.slug);
	if (!page) error(404, `No series called “${params.slug.slice(0, 80)}” in the catalog`);
	return page;
};

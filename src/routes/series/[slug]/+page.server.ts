import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { getSeriesBySlug } from '#lib/server/repositories/series.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const series = await getSeriesBySlug(db, params.slug);
	if (!series) error(404, `No series called “${params.slug.slice(0, 80)}” in the catalog`);
	return { series };
};

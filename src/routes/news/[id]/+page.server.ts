import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { getNewsItem } from '#lib/server/repositories/news.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	if (!/^\d{1,9}$/.test(params.id)) error(404, 'No such story');
	const item = await getNewsItem(db, Number(params.id));
	if (!item) error(404, 'No such story');
	return { item };
};

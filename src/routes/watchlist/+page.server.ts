import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { WatchlistError, pageWatchlist, unfollow } from '#lib/server/repositories/watchlist.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { page, perPage } = parsePage(event.url.searchParams, 50);
	const { entries, total } = await pageWatchlist(db, user.id, { page, perPage });
	return { entries, total, page, pages: pageCount(total, perPage) };
};

export const actions: Actions = {
	unfollow: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const slug = form.get('series');
		const season = form.get('season');
		if (typeof slug !== 'string' || !/^[a-z0-9-]{1,200}$/.test(slug)) return fail(400, { message: 'Which series? The form named none.' });
		if (season !== null && season !== '' && (typeof season !== 'string' || !/^\d{1,3}$/.test(season))) return fail(400, { message: 'The season must be a season number.' });
		try {
			await unfollow(db, user.id, { seriesSlug: slug, season: season ? Number(season) : null });
		} catch (err) {
			if (err instanceof WatchlistError) return fail(400, { message: err.message });
			throw err;
		}
		redirect(303, '/watchlist');
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { loadSeriesPage } from '#lib/server/views.ts';
import { redirectedSlug } from '#lib/server/repositories/series.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { WatchlistError, follow, followsForSeries, unfollow } from '#lib/server/repositories/watchlist.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const [page, follows] = await Promise.all([
		loadSeriesPage(db, params.slug),
		locals.user ? followsForSeries(db, locals.user.id, params.slug) : null
	]);
	if (!page) {
		// A series merged into another: its old links lead there for good.
		const moved = await redirectedSlug(db, params.slug);
		if (moved) redirect(301, `/series/${encodeURIComponent(moved)}${url.search}`);
		error(404, `No series called “${params.slug.slice(0, 80)}” in the catalog`);
	}
	return { ...page, follows };
};

/** The season a follow form names: empty for the whole series, else a season number. */
function seasonField(form: FormData): number | null | 'bad' {
	const raw = form.get('season');
	if (raw === null || raw === '') return null;
	if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw)) return 'bad';
	return Number(raw);
}

async function change(event: Parameters<Actions[string]>[0], action: 'follow' | 'unfollow') {
	const user = requireUser(event);
	const form = await event.request.formData();
	const season = seasonField(form);
	if (season === 'bad') return fail(400, { message: 'The season must be a season number.' });
	try {
		if (action === 'follow') await follow(db, user.id, { seriesSlug: event.params.slug!, season });
		else await unfollow(db, user.id, { seriesSlug: event.params.slug!, season });
	} catch (err) {
		if (err instanceof WatchlistError) return fail(400, { message: err.message });
		throw err;
	}
	redirect(303, `/series/${encodeURIComponent(event.params.slug!)}${season ? `#season-${season}` : ''}`);
}

export const actions: Actions = {
	follow: (event) => change(event, 'follow'),
	unfollow: (event) => change(event, 'unfollow')
};

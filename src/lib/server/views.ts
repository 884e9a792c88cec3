import type { Database } from './db/index.ts';
import { getSeriesBySlug, listNetworks, listSeries, listUpcomingSeasons, type Page, type UpcomingFilter } from './repositories/series.ts';
import { listClaimsForSeries } from './repositories/news.ts';
import { estimatesForSeries } from './repositories/estimates.ts';

// What each page and endpoint reads, in one place: the routes call these, and the
// benchmark captures their SQL for its floor server, so both always run the same queries.

export function loadHome(db: Database, query: Page & UpcomingFilter) {
	return listUpcomingSeasons(db, query);
}

export function loadNetworks(db: Database) {
	return listNetworks(db);
}

export async function loadSeriesPage(db: Database, slug: string) {
	const [series, claims, { estimates, history }] = await Promise.all([getSeriesBySlug(db, slug), listClaimsForSeries(db, slug), estimatesForSeries(db, slug)]);
	return series ? { series, claims, estimates, history } : undefined;
}

export function loadSeriesList(db: Database, query: { query?: string } & Page) {
	return listSeries(db, query);
}

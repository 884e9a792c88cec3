import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface CalendarEntry {
	id: string;
	seasonId: number;
	seriesSlug: string;
	seriesTitle: string;
	season: number;
	network: string | null;
	/** A dated release (a single day) or an estimated window. */
	kind: 'release' | 'window';
	from: string;
	to: string;
	likely: string | null;
	label: string | null;
	confidence: number | null;
}

/** At most this many windows a month: a month view of more is no longer readable. */
const MAX_WINDOWS = 150;

/**
 * Dated releases on the days from `first` to `last`, and the estimated windows that overlap
 * them, optionally only for the seasons a set of season ids holds (a user's watchlist).
 */
export async function listCalendarEntries(
	db: Executor,
	{ first, last, seasonIds }: { first: string; last: string; seasonIds?: number[] }
): Promise<{ entries: CalendarEntry[]; moreWindows: boolean }> {
	if (seasonIds && seasonIds.length === 0) return { entries: [], moreWindows: false };
	let releases = db
		.selectFrom('seasons')
		.innerJoin('series', 'series.id', 'seasons.series_id')
		.leftJoin('networks', 'networks.id', 'series.network_id')
		.select(['seasons.id as seasonId', 'series.slug as seriesSlug', 'series.title as seriesTitle', 'seasons.number as season', 'networks.name as network', 'seasons.release_date as day'])
		.where('seasons.release_precision', '=', 'day')
		.where('seasons.release_date', '>=', first)
		.where('seasons.release_date', '<=', last)
		.orderBy('seasons.release_date')
		.orderBy('seasons.id')
		.limit(500);
	let windows = db
		.selectFrom('estimates')
		.innerJoin('seasons', 'seasons.id', 'estimates.season_id')
		.innerJoin('series', 'series.id', 'seasons.series_id')
		.leftJoin('networks', 'networks.id', 'series.network_id')
		.select([
			'seasons.id as seasonId', 'series.slug as seriesSlug', 'series.title as seriesTitle', 'seasons.number as season', 'networks.name as network',
			'estimates.window_from as from', 'estimates.window_to as to', 'estimates.likely', 'estimates.label', 'estimates.confidence', 'estimates.precision'
		])
		.where('estimates.window_from', '<=', last)
		.where('estimates.window_to', '>=', first)
		// A season with a release day is shown by that day, not by its estimate.
		.where((eb) => eb.or([eb('seasons.release_precision', 'is', null), eb('seasons.release_precision', '!=', 'day')]))
		.orderBy('estimates.likely')
		.orderBy('seasons.id')
		.limit(MAX_WINDOWS + 1);
	if (seasonIds) {
		releases = releases.where('seasons.id', 'in', seasonIds);
		windows = windows.where('seasons.id', 'in', seasonIds);
	}
	const [released, estimated] = await Promise.all([releases.execute(), windows.execute()]);
	const entries: CalendarEntry[] = released.map((r) => ({
		id: `r${r.seasonId}`,
		seasonId: r.seasonId,
		seriesSlug: r.seriesSlug,
		seriesTitle: r.seriesTitle,
		season: r.season,
		network: r.network,
		kind: 'release',
		from: r.day!,
		to: r.day!,
		likely: r.day,
		label: null,
		confidence: null
	}));
	for (const w of estimated.slice(0, MAX_WINDOWS)) {
		entries.push({
			id: `w${w.seasonId}`,
			seasonId: w.seasonId,
			seriesSlug: w.seriesSlug,
			seriesTitle: w.seriesTitle,
			season: w.season,
			network: w.network,
			kind: w.precision === 'day' ? 'release' : 'window',
			from: w.from,
			to: w.to,
			likely: w.likely,
			label: w.label,
			confidence: w.confidence
		});
	}
	return { entries, moreWindows: estimated.length > MAX_WINDOWS };
}

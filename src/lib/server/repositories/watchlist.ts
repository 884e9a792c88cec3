import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export class WatchlistError extends Error {}

export interface FollowTarget {
	seriesSlug: string;
	/** A season number; omitted to follow the whole series (every season, present and future). */
	season?: number | null;
}

async function resolve(db: Executor, target: FollowTarget): Promise<{ seriesId: number; seasonId: number | null }> {
	const series = await db.selectFrom('series').select('id').where('slug', '=', target.seriesSlug).executeTakeFirst();
	if (!series) throw new WatchlistError('There is no such series.');
	if (target.season == null) return { seriesId: series.id, seasonId: null };
	const season = await db
		.selectFrom('seasons')
		.select('id')
		.where('series_id', '=', series.id)
		.where('number', '=', target.season)
		.executeTakeFirst();
	if (!season) throw new WatchlistError('There is no such season.');
	return { seriesId: series.id, seasonId: season.id };
}

/** Follows a series or one of its seasons; following twice is a no-op. */
export async function follow(db: Executor, userId: number, target: FollowTarget): Promise<void> {
	const { seriesId, seasonId } = await resolve(db, target);
	await db
		.insertInto('follows')
		.values({ user_id: userId, series_id: seriesId, season_id: seasonId })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** Unfollows the user's own follow of a series or season; returns whether one was removed. */
export async function unfollow(db: Executor, userId: number, target: FollowTarget): Promise<boolean> {
	const { seriesId, seasonId } = await resolve(db, target);
	const result = await db
		.deleteFrom('follows')
		.where('user_id', '=', userId)
		.where('series_id', '=', seriesId)
		.where((eb) => (seasonId === null ? eb('season_id', 'is', null) : eb('season_id', '=', seasonId)))
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** The user's follows of one series: whether the whole series is followed, and which season numbers. */
export async function followsForSeries(db: Executor, userId: number, seriesSlug: string): Promise<{ series: boolean; seasons: number[] }> {
	const rows = await db
		.selectFrom('follows as f')
		.innerJoin('series', 'series.id', 'f.series_id')
		.leftJoin('seasons as s', 's.id', 'f.season_id')
		.select(['f.season_id', 's.number'])
		.where('f.user_id', '=', userId)
		.where('series.slug', '=', seriesSlug)
		.execute();
	return {
		series: rows.some((r) => r.season_id === null),
		seasons: rows.filter((r) => r.number !== null).map((r) => r.number!)
	};
}

export interface EstimateLabel {
	from: string;
	to: string;
	likely: string;
	label: string;
}

export interface WatchlistEntry {
	seasonId: number;
	seriesSlug: string;
	seriesTitle: string;
	season: number;
	status: string;
	releaseDate: string | null;
	/** Followed as a season of its own (true) or only through the whole series (false). */
	explicit: boolean;
	bySeries: boolean;
	estimate: { from: string; to: string; likely: string; label: string; confidence: number } | null;
	latestChange: { reason: string; before: EstimateLabel | null; after: EstimateLabel | null; createdAt: Date } | null;
}

/**
 * The seasons the user follows: the ones followed one by one, and every season not yet released
 * of a followed series; by most likely release (estimate, else release date). With `page`, one
 * page of them and the total: the order needs only the follows, seasons, estimates and titles;
 * each season's latest change (a lateral index lookup with its JSON) is read for the page alone.
 */
async function queryWatchlist(db: Executor, userId: number, paging?: { page: number; perPage: number }): Promise<{ entries: WatchlistEntry[]; total: number }> {
	const window = paging ? sql`limit ${paging.perPage} offset ${(paging.page - 1) * paging.perPage}` : sql``;
	const { rows } = await sql<{
		season_id: number;
		slug: string;
		title: string;
		number: number;
		status: string;
		release_date: string | null;
		explicit: boolean;
		by_series: boolean;
		window_from: string | null;
		window_to: string | null;
		likely: string | null;
		label: string | null;
		confidence: number | null;
		reason: string | null;
		before: EstimateLabel | null;
		after: EstimateLabel | null;
		changed_at: Date | null;
		total: number;
	}>`
		with followed as (
			-- Seasons followed one by one (by primary key), and the unreleased seasons of whole-series follows.
			select season_id, bool_or(explicit) as explicit, bool_or(not explicit) as by_series from (
				select f.season_id, true as explicit from follows f where f.user_id = ${userId} and f.season_id is not null
				union all
				select s.id, false from follows f join seasons s on s.series_id = f.series_id and s.status <> 'released'
				where f.user_id = ${userId} and f.season_id is null
			) x
			group by season_id
		),
		ordered as (
			select s.id as season_id, sr.slug, sr.title, s.number, s.status, s.release_date, fo.explicit, fo.by_series,
				e.window_from, e.window_to, e.likely, e.label, e.confidence, count(*) over () as total
			from followed fo
			-- By primary key, one season per follow: the fence (offset 0) keeps the planner from
			-- hashing the whole seasons table for a couple of hundred rows.
			cross join lateral (select * from seasons where id = fo.season_id offset 0) s
			join series sr on sr.id = s.series_id
			left join estimates e on e.season_id = s.id
			order by coalesce(e.likely, s.release_date) nulls last, s.release_date nulls last, sr.title, s.number
			${window}
		)
		select o.*, c.reason, c.before, c.after, c.created_at as changed_at
		from ordered o
		left join lateral (
			select ec.reason, ec.before, ec.after, ec.created_at from estimate_changes ec
			where ec.season_id = o.season_id order by ec.id desc limit 1
		) c on true
		order by coalesce(o.likely, o.release_date) nulls last, o.release_date nulls last, o.title, o.number
	`.execute(db);
	const entries: WatchlistEntry[] = rows.map((r) => ({
		seasonId: r.season_id,
		seriesSlug: r.slug,
		seriesTitle: r.title,
		season: r.number,
		status: r.status,
		releaseDate: r.release_date,
		explicit: r.explicit,
		bySeries: r.by_series,
		estimate: r.window_from && r.window_to && r.likely ? { from: r.window_from, to: r.window_to, likely: r.likely, label: r.label ?? '', confidence: Number(r.confidence) } : null,
		latestChange: r.reason ? { reason: r.reason, before: r.before, after: r.after, createdAt: r.changed_at! } : null
	}));
	// Past the last page the window is empty: count without it.
	const total = rows.length ? Number(rows[0].total) : paging && paging.page > 1 ? (await queryWatchlist(db, userId)).total : 0;
	return { entries, total };
}

export async function listWatchlist(db: Executor, userId: number): Promise<WatchlistEntry[]> {
	return (await queryWatchlist(db, userId)).entries;
}

/** One page of the watchlist, and how many seasons it holds in all. */
export function pageWatchlist(db: Executor, userId: number, paging: { page: number; perPage: number }): Promise<{ entries: WatchlistEntry[]; total: number }> {
	return queryWatchlist(db, userId, paging);
}

/** The ids of every season the user follows, for the calendar's "my watchlist" view. */
export async function watchedSeasonIds(db: Executor, userId: number): Promise<number[]> {
	const { rows } = await sql<{ id: number }>`
		select f.season_id as id from follows f where f.user_id = ${userId} and f.season_id is not null
		union
		select s.id from follows f join seasons s on s.series_id = f.series_id and s.status <> 'released'
		where f.user_id = ${userId} and f.season_id is null
	`.execute(db);
	return rows.map((r) => r.id);
}

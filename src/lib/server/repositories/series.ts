import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB, DatePrecision, ProductionEventKind, SeasonStatus, SeriesStatus } from '../db/types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface Page {
	page: number;
	perPage: number;
}

export interface SeriesSummary {
	slug: string;
	title: string;
	network: string | null;
	status: SeriesStatus;
	aliases: string[];
	seasonCount: number;
	latestSeason: number | null;
}

export interface ProductionEventView {
	kind: ProductionEventKind;
	occurredOn: string;
	precision: DatePrecision;
	sourceUrl: string | null;
	note: string | null;
}

export interface SeasonView {
	number: number;
	/** The catalog's status. */
	status: SeasonStatus;
	/** Further along, where the news has said so (a story's "wrapped", a reported date or cancellation); null: the catalog's stands. */
	reportedStatus: SeasonStatus | null;
	episodeCount: number | null;
	releaseDate: string | null;
	releasePrecision: DatePrecision | null;
	events: ProductionEventView[];
}

export interface SeriesDetail {
	slug: string;
	title: string;
	network: string | null;
	status: SeriesStatus;
	aliases: string[];
	seasons: SeasonView[];
	seasonCount: number;
}

/** Escapes LIKE wildcards so a search for "100%" means those characters. */
function likePattern(query: string): string {
	return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listSeries(
	db: Executor,
	{ query, page, perPage }: Page & { query?: string }
): Promise<{ items: SeriesSummary[]; total: number }> {
	let matching = db.selectFrom('series');
	if (query) {
		const pattern = likePattern(query);
		matching = matching.where((eb) =>
			eb.or([
				eb('series.title', 'ilike', pattern),
				eb.exists(sql`(select 1 from unnest(series.aliases) as alias where alias ilike ${pattern})`)
			])
		);
	}
	// Page first (index on lower(title), id), then count seasons for that page only.
	const pageRows = matching
		.select(['series.id', 'series.slug', 'series.title', 'series.status', 'series.aliases', 'series.network_id'])
		.orderBy(sql`lower(series.title)`)
		.orderBy('series.id')
		.limit(perPage)
		.offset((page - 1) * perPage)
		.as('p');
	const [items, count] = await Promise.all([
		db
			.selectFrom(pageRows)
			.leftJoin('networks', 'networks.id', 'p.network_id')
			.select(['p.slug', 'p.title', 'p.status', 'p.aliases', 'networks.name as network'])
			.select((eb) => [
				eb
					.selectFrom('seasons')
					.whereRef('seasons.series_id', '=', 'p.id')
					.select(eb.fn.countAll<number>().as('n'))
					.as('seasonCount'),
				eb
					.selectFrom('seasons')
					.whereRef('seasons.series_id', '=', 'p.id')
					.select((inner) => inner.fn.max('seasons.number').as('n'))
					.as('latestSeason')
			])
			.orderBy(sql`lower(p.title)`)
			.orderBy('p.id')
			.execute(),
		matching.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
	]);
	return {
		items: items.map((row) => ({
			...row,
			seasonCount: Number(row.seasonCount ?? 0),
			latestSeason: row.latestSeason == null ? null : Number(row.latestSeason)
		})),
		total: Number(count.total)
	};
}

export async function getSeriesBySlug(
	db: Executor,
	slug: string,
	{ page, perPage }: Page = { page: 1, perPage: 100 }
): Promise<SeriesDetail | undefined> {
	const row = await db
		.selectFrom('series')
		.leftJoin('networks', 'networks.id', 'series.network_id')
		.where('series.slug', '=', slug)
		.select(['series.slug', 'series.title', 'series.status', 'series.aliases', 'networks.name as network'])
		.select((eb) => [
			eb
				.selectFrom('seasons')
				.whereRef('seasons.series_id', '=', 'series.id')
				.select(eb.fn.countAll<number>().as('n'))
				.as('seasonCount'),
			jsonArrayFrom(
				eb
					.selectFrom('seasons')
					.whereRef('seasons.series_id', '=', 'series.id')
					.select([
						'seasons.number',
						'seasons.status',
						'seasons.reported_status as reportedStatus',
						'seasons.episode_count as episodeCount',
						'seasons.release_date as releaseDate',
						'seasons.release_precision as releasePrecision'
					])
					.select((inner) =>
						jsonArrayFrom(
							inner
								.selectFrom('production_events')
								.whereRef('production_events.season_id', '=', 'seasons.id')
								.select([
									'production_events.kind',
									'production_events.occurred_on as occurredOn',
									'production_events.precision',
									'production_events.source_url as sourceUrl',
									'production_events.note'
								])
								.orderBy('production_events.occurred_on')
								.orderBy('production_events.id')
						).as('events')
					)
					.orderBy('seasons.number')
					.limit(perPage)
					.offset((page - 1) * perPage)
			).as('seasons')
		])
		.executeTakeFirst();
	if (!row) return undefined;
	return { ...row, seasonCount: Number(row.seasonCount ?? 0) } as SeriesDetail;
}

/** Networks that have at least one series, for filters. */
export async function listNetworks(db: Executor): Promise<{ slug: string; name: string }[]> {
	return db.selectFrom('networks').select(['slug', 'name']).where((eb) => eb.exists(eb.selectFrom('series').select('series.id').whereRef('series.network_id', '=', 'networks.id'))).orderBy('name').execute();
}

export interface UpcomingSeason {
	seriesSlug: string;
	seriesTitle: string;
	network: string | null;
	number: number;
	status: SeasonStatus;
	episodeCount: number | null;
	releaseDate: string | null;
	releasePrecision: DatePrecision | null;
	latestEvent: { kind: ProductionEventKind; occurredOn: string; precision: DatePrecision } | null;
	estimate: { from: string; to: string; likely: string; label: string; confidence: number; basis: string } | null;
}

/**
 * Seasons neither released nor cancelled, by their most likely day: first those with an estimate
 * (dated ones have their day), then the rest by catalog date. Each branch reads its index in
 * order and stops at the page's end, so deep catalogs cost no more than small ones.
 */
export interface UpcomingFilter {
	/** A network's slug. */
	network?: string;
	status?: SeasonStatus;
}

export async function listUpcomingSeasons(
	db: Executor,
	{ page, perPage, network, status }: Page & UpcomingFilter
): Promise<{ items: UpcomingSeason[]; total: number }> {
	const reach = page * perPage;
	const offset = (page - 1) * perPage;
	const filter = sql.join(
		[
			// The catalog's own test first: it is what seasons_upcoming_idx is drawn on.
			sql`s.status not in ('released', 'cancelled')`,
			// The status shown: as far as the news has taken it, else the catalog's. A season the news
			// reports cancelled is not upcoming either.
			sql`s.reported_status is distinct from 'cancelled'`,
			...(status ? [sql`coalesce(s.reported_status, s.status) = ${status}`] : []),
			...(network ? [sql`s.series_id in (select series.id from series join networks on networks.id = series.network_id where networks.slug = ${network})`] : [])
		],
		sql` and `
	);
	type Row = { id: number; series_id: number; number: number; status: SeasonStatus; episode_count: number | null; release_date: string | null; release_precision: DatePrecision | null; window_from: string | null; window_to: string | null; likely: string | null; label: string | null; confidence: number | null; basis: string | null };
	// Estimated seasons come first, by most likely day (walking estimates_likely_idx); seasons
	// with no estimate follow, by release date. The second list is only read when the first runs
	// out before this page ends: it has to test every upcoming season for a missing estimate.
	const estimated = sql<Row>`
		select s.id, s.series_id, s.number, coalesce(s.reported_status, s.status) as status, s.episode_count, s.release_date, s.release_precision,
			e.window_from, e.window_to, e.likely, e.label, e.confidence, e.basis
		from estimates e join seasons s on s.id = e.season_id
		where ${filter}
		order by e.likely, e.season_id
		limit ${reach}`;
	const [{ rows: first }, count] = await Promise.all([
		estimated.execute(db),
		sql<{ total: number }>`select count(*) as total from seasons s where ${filter}`.execute(db).then((r) => r.rows[0])
	]);
	let rows: Row[] = first;
	if (first.length < reach) {
		const { rows: rest } = await sql<Row>`
			select s.id, s.series_id, s.number, coalesce(s.reported_status, s.status) as status, s.episode_count, s.release_date, s.release_precision,
				null as window_from, null as window_to, null as likely, null as label, null as confidence, null as basis
			from seasons s
			where ${filter}
				and not exists (select 1 from estimates e where e.season_id = s.id)
			order by s.release_date nulls last, s.id
			limit ${reach - first.length}`.execute(db);
		rows = [...first, ...rest];
	}
	const pageList = rows.slice(offset, offset + perPage);
	if (!pageList.length) return { items: [], total: Number(count.total) };
	const seriesIds = [...new Set(pageList.map((r) => r.series_id))];
	const seasonIds = pageList.map((r) => r.id);
	const [series, events] = await Promise.all([
		db
			.selectFrom('series')
			.leftJoin('networks', 'networks.id', 'series.network_id')
			.select(['series.id', 'series.slug', 'series.title', 'networks.name as network'])
			.where('series.id', 'in', seriesIds)
			.execute(),
		db
			.selectFrom('production_events')
			.select(['season_id', 'kind', 'occurred_on', 'precision'])
			.distinctOn('season_id')
			.where('season_id', 'in', seasonIds)
			.orderBy('season_id')
			.orderBy('occurred_on', 'desc')
			.orderBy('id', 'desc')
			.execute()
	]);
	const seriesBy = new Map(series.map((s) => [s.id, s]));
	const eventBy = new Map(events.map((e) => [e.season_id, e]));
	const items = pageList.map((r): UpcomingSeason => {
		const s = seriesBy.get(r.series_id)!;
		const e = eventBy.get(r.id);
		return {
			seriesSlug: s.slug,
			seriesTitle: s.title,
			network: s.network,
			number: r.number,
			status: r.status,
			episodeCount: r.episode_count,
			releaseDate: r.release_date,
			releasePrecision: r.release_precision,
			latestEvent: e ? { kind: e.kind, occurredOn: e.occurred_on, precision: e.precision } : null,
			estimate: r.likely ? { from: r.window_from!, to: r.window_to!, likely: r.likely, label: r.label!, confidence: Number(r.confidence), basis: r.basis! } : null
		};
	});
	return { items, total: Number(count.total) };
}

/** The slug a merged-away series' old slug now leads to, or null when it was never one. */
export async function redirectedSlug(db: Executor, slug: string): Promise<string | null> {
	const row = await db
		.selectFrom('series_redirects')
		.innerJoin('series', 'series.id', 'series_redirects.series_id')
		.select('series.slug')
		.where('series_redirects.slug', '=', slug)
		.executeTakeFirst();
	return row?.slug ?? null;
}

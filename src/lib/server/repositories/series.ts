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
	status: SeasonStatus;
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
					.select(eb.fn.max('seasons.number').as('n'))
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
}

/**
 * Seasons neither released nor cancelled: dated ones first by date, then the rest.
 * Release-window estimates (a later issue) will refine the order of undated seasons.
 */
/**
 * Seasons neither released nor cancelled: dated ones first by date, then the rest.
 * Release-window estimates (a later issue) will refine the order of undated seasons.
 */
export async function listUpcomingSeasons(
	db: Executor,
	{ page, perPage }: Page
): Promise<{ items: UpcomingSeason[]; total: number }> {
	// A literal predicate (not bound parameters) so PostgreSQL can use the partial index.
	const upcoming = db.selectFrom('seasons').where(sql<boolean>`seasons.status not in ('released', 'cancelled')`);
	const pageRows = upcoming
		.select([
			'seasons.id',
			'seasons.series_id',
			'seasons.number',
			'seasons.status',
			'seasons.episode_count',
			'seasons.release_date',
			'seasons.release_precision'
		])
		.orderBy(sql`seasons.release_date nulls last`)
		.orderBy('seasons.id')
		.limit(perPage)
		.offset((page - 1) * perPage)
		.as('p');
	const [rows, count] = await Promise.all([
		db
			.selectFrom(pageRows)
			.innerJoin('series', 'series.id', 'p.series_id')
			.leftJoin('networks', 'networks.id', 'series.network_id')
			.select([
				'series.slug as seriesSlug',
				'series.title as seriesTitle',
				'networks.name as network',
				'p.number',
				'p.status',
				'p.episode_count as episodeCount',
				'p.release_date as releaseDate',
				'p.release_precision as releasePrecision'
			])
			.select((eb) =>
				eb
					.selectFrom('production_events')
					.whereRef('production_events.season_id', '=', 'p.id')
					.select(
						sql<UpcomingSeason['latestEvent']>`json_build_object('kind', kind, 'occurredOn', occurred_on, 'precision', precision)`.as('e')
					)
					.orderBy('production_events.occurred_on', 'desc')
					.orderBy('production_events.id', 'desc')
					.limit(1)
					.as('latestEvent')
			)
			.orderBy(sql`p.release_date nulls last`)
			.orderBy('p.id')
			.execute(),
		upcoming.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
	]);
	return { items: rows as UpcomingSeason[], total: Number(count.total) };
}

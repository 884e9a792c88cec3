import { sql, type Kysely, type Transaction } from 'kysely';
import type { Attribution, ClaimKind, DB, NewsSource, ReviewState, WindowPrecision } from '../db/types.ts';
import type { Page } from './series.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface NewsSummary {
	id: number;
	title: string;
	url: string | null;
	outlet: string | null;
	publishedOn: string;
	source: NewsSource;
	claimCount: number;
}

export interface ClaimView {
	id: number;
	newsItemId: number;
	seriesSlug: string;
	seriesTitle: string;
	season: number;
	kind: ClaimKind;
	status: string | null;
	statusFrom: string | null;
	statusTo: string | null;
	windowFrom: string | null;
	windowTo: string | null;
	windowPrecision: WindowPrecision | null;
	windowLabel: string | null;
	afterSeriesTitle: string | null;
	afterSeriesSlug: string | null;
	afterSeason: number | null;
	episodes: number | null;
	platform: string | null;
	hedged: boolean;
	negated: boolean;
	quote: string;
	quoteStart: number;
	quoteEnd: number;
	sentence: string;
	attribution: Attribution;
	person: string | null;
	confidence: number;
	reviewState: ReviewState;
}

export interface NewsDetail extends NewsSummary {
	body: string;
	createdAt: Date;
	claims: ClaimView[];
}

/** Claims joined with their season and series (and the season they follow, if any). */
function claimsQuery(db: Executor) {
	return db
		.selectFrom('claims')
		.innerJoin('seasons', 'seasons.id', 'claims.season_id')
		.innerJoin('series', 'series.id', 'seasons.series_id')
		.leftJoin('seasons as after_season', 'after_season.id', 'claims.after_season_id')
		.leftJoin('series as after_series', 'after_series.id', 'after_season.series_id')
		.select([
			'claims.id',
			'claims.news_item_id as newsItemId',
			'series.slug as seriesSlug',
			'series.title as seriesTitle',
			'seasons.number as season',
			'claims.kind',
			'claims.status',
			'claims.status_from as statusFrom',
			'claims.status_to as statusTo',
			'claims.window_from as windowFrom',
			'claims.window_to as windowTo',
			'claims.window_precision as windowPrecision',
			'claims.window_label as windowLabel',
			'after_series.title as afterSeriesTitle',
			'after_series.slug as afterSeriesSlug',
			'after_season.number as afterSeason',
			'claims.episodes',
			'claims.platform',
			'claims.hedged',
			'claims.negated',
			'claims.quote',
			'claims.quote_start as quoteStart',
			'claims.quote_end as quoteEnd',
			'claims.sentence',
			'claims.attribution',
			'claims.person',
			'claims.confidence',
			'claims.review_state as reviewState'
		]);
}

export async function listNews(db: Executor, { page, perPage }: Page): Promise<{ items: NewsSummary[]; total: number }> {
	const pageRows = db
		.selectFrom('news_items')
		.select(['id', 'title', 'url', 'outlet', 'published_on', 'source'])
		.orderBy('published_on', 'desc')
		.orderBy('id', 'desc')
		.limit(perPage)
		.offset((page - 1) * perPage)
		.as('p');
	const [items, count] = await Promise.all([
		db
			.selectFrom(pageRows)
			.select(['p.id', 'p.title', 'p.url', 'p.outlet', 'p.published_on as publishedOn', 'p.source'])
			.select((eb) =>
				eb
					.selectFrom('claims')
					.whereRef('claims.news_item_id', '=', 'p.id')
					.where('claims.review_state', '!=', 'rejected')
					.select(eb.fn.countAll<number>().as('n'))
					.as('claimCount')
			)
			.orderBy('p.published_on', 'desc')
			.orderBy('p.id', 'desc')
			.execute(),
		db.selectFrom('news_items').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
	]);
	return {
		items: items.map((row) => ({ ...row, claimCount: Number(row.claimCount ?? 0) })),
		total: Number(count.total)
	};
}

export async function getNewsItem(db: Executor, id: number): Promise<NewsDetail | undefined> {
	const [item, claims] = await Promise.all([
		db
			.selectFrom('news_items')
			.where('id', '=', id)
			.select([
				'id',
				'title',
				'url',
				'outlet',
				'published_on as publishedOn',
				'source',
				'body',
				'created_at as createdAt'
			])
			.executeTakeFirst(),
		claimsQuery(db).where('claims.news_item_id', '=', id).orderBy('claims.quote_start').orderBy('claims.id').execute()
	]);
	if (!item) return undefined;
	return { ...item, claimCount: claims.filter((c) => c.reviewState !== 'rejected').length, claims: claims as ClaimView[] };
}

export interface SeasonClaim extends ClaimView {
	newsTitle: string;
	newsUrl: string | null;
	newsOutlet: string | null;
	publishedOn: string;
}

/** Every claim about a series' seasons, newest story first, with the story it came from. */
export async function listClaimsForSeries(db: Executor, seriesSlug: string, limit = 200): Promise<SeasonClaim[]> {
	const rows = await claimsQuery(db)
		.innerJoin('news_items', 'news_items.id', 'claims.news_item_id')
		.where('series.slug', '=', seriesSlug)
		.where('claims.review_state', '!=', 'rejected')
		.select([
			'news_items.title as newsTitle',
			'news_items.url as newsUrl',
			'news_items.outlet as newsOutlet',
			'news_items.published_on as publishedOn'
		])
		.orderBy('news_items.published_on', 'desc')
		.orderBy('claims.id', 'desc')
		.limit(limit)
		.execute();
	return rows as SeasonClaim[];
}

/** Automatic claims waiting for an editor, oldest first. */
export async function listReviewQueue(db: Executor, { page, perPage }: Page) {
	const [items, count] = await Promise.all([
		claimsQuery(db)
			.innerJoin('news_items', 'news_items.id', 'claims.news_item_id')
			.where('claims.review_state', '=', 'automatic')
			.select(['news_items.title as newsTitle', 'news_items.published_on as publishedOn'])
			.orderBy('claims.id')
			.limit(perPage)
			.offset((page - 1) * perPage)
			.execute(),
		db
			.selectFrom('claims')
			.where('review_state', '=', 'automatic')
			.select((eb) => eb.fn.countAll<number>().as('total'))
			.executeTakeFirstOrThrow()
	]);
	return { items: items as (ClaimView & { newsTitle: string; publishedOn: string })[], total: Number(count.total) };
}

export async function findNewsItemByIdentity(
	db: Executor,
	{ canonicalUrl, contentHash }: { canonicalUrl: string | null; contentHash: string }
): Promise<{ id: number } | undefined> {
	return db
		.selectFrom('news_items')
		.select('id')
		.where((eb) =>
			canonicalUrl
				? eb.or([eb('content_hash', '=', contentHash), eb('canonical_url', '=', canonicalUrl)])
				: eb('content_hash', '=', contentHash)
		)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
}

export async function countNewsItems(db: Executor): Promise<number> {
	const row = await sql<{ n: number }>`select count(*)::int as n from news_items`.execute(db);
	return row.rows[0].n;
}

/** Counts for the editors' desk: claims to review, feeds and failing feeds. */
export async function editorSummary(db: Executor): Promise<{ toReview: number; feeds: number; failingFeeds: number }> {
	const row = await sql<{ toReview: number; feeds: number; failingFeeds: number }>`
		select (select count(*)::int from claims where review_state = 'automatic') as "toReview",
		       (select count(*)::int from feeds) as "feeds",
		       (select count(*)::int from feeds where consecutive_failures > 0) as "failingFeeds"`.execute(db);
	return row.rows[0];
}

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A calendar day as 'YYYY-MM-DD'; both drivers are set to return `date` columns as text. */
export type Day = string;
export type DatePrecision = 'day' | 'month' | 'year';

export type SeasonStatus =
	| 'announced'
	| 'renewed'
	| 'filming'
	| 'wrapped'
	| 'post-production'
	| 'dated'
	| 'released'
	| 'cancelled';

export type SeriesStatus = 'in-development' | 'returning' | 'ended' | 'cancelled';

export type ProductionEventKind =
	| 'renewed'
	| 'filming-started'
	| 'wrapped'
	| 'release-dated'
	| 'released'
	| 'cancelled';

export interface NetworksTable {
	id: Generated<number>;
	slug: string;
	name: string;
}

export interface SeriesTable {
	id: Generated<number>;
	slug: string;
	title: string;
	network_id: number | null;
	aliases: ColumnType<string[], string[] | undefined, string[]>;
	status: SeriesStatus;
	created_at: ColumnType<Date, never, never>;
}

export interface SeasonsTable {
	id: Generated<number>;
	series_id: number;
	number: number;
	episode_count: number | null;
	release_date: Day | null;
	release_precision: DatePrecision | null;
	status: SeasonStatus;
	/** How far the news has taken the season beyond the catalog's status; null: the catalog's stands. */
	reported_status: ColumnType<SeasonStatus | null, SeasonStatus | null | undefined, SeasonStatus | null>;
	created_at: ColumnType<Date, never, never>;
}

export interface ProductionEventsTable {
	id: Generated<number>;
	season_id: number;
	kind: ProductionEventKind;
	occurred_on: Day;
	precision: DatePrecision;
	source_url: string | null;
	note: string | null;
	created_at: ColumnType<Date, never, never>;
}

export type ClaimKind = 'status' | 'releaseWindow' | 'releaseOrder' | 'episodeCount' | 'platform';
export type WindowPrecision = 'day' | 'month' | 'quarter' | 'season' | 'half' | 'year' | 'part-of-year';
export type Attribution = 'outlet' | 'person' | 'writer-guess';
export type ReviewState = 'automatic' | 'approved' | 'rejected' | 'corrected';
export type NewsSource = 'form' | 'api' | 'cli' | 'feed';

export interface FeedsTable {
	id: Generated<number>;
	url: string;
	title: string | null;
	etag: string | null;
	last_modified: string | null;
	last_fetched_at: Date | null;
	last_success_at: Date | null;
	next_poll_at: ColumnType<Date, Date | undefined, Date>;
	consecutive_failures: ColumnType<number, number | undefined, number>;
	last_error: string | null;
	items_seen: ColumnType<number, number | undefined, number>;
	created_at: ColumnType<Date, never, never>;
}

export interface NewsItemsTable {
	id: Generated<number>;
	url: string | null;
	canonical_url: string | null;
	content_hash: string;
	title: string;
	outlet: string | null;
	published_on: Day;
	body: string;
	source: NewsSource;
	feed_id: number | null;
	submitted_by: string | null;
	created_at: ColumnType<Date, never, never>;
}

export interface ClaimsTable {
	id: Generated<number>;
	news_item_id: number;
	season_id: number;
	kind: ClaimKind;
	status: string | null;
	status_from: Day | null;
	status_to: Day | null;
	window_from: Day | null;
	window_to: Day | null;
	window_precision: WindowPrecision | null;
	window_label: string | null;
	after_season_id: number | null;
	episodes: number | null;
	platform: string | null;
	hedged: ColumnType<boolean, boolean | undefined, boolean>;
	negated: ColumnType<boolean, boolean | undefined, boolean>;
	quote: string;
	quote_start: number;
	quote_end: number;
	sentence: string;
	attribution: Attribution;
	person: string | null;
	confidence: number;
	review_state: ColumnType<ReviewState, ReviewState | undefined, ReviewState>;
	created_at: ColumnType<Date, never, never>;
}

export interface ClaimReviewsTable {
	id: Generated<number>;
	claim_id: number;
	action: 'approve' | 'reject' | 'correct';
	reviewer: string;
	before: ColumnType<unknown, string, string>;
	after: ColumnType<unknown, string, string>;
	note: string | null;
	created_at: ColumnType<Date, never, never>;
}

export interface ApiTokensTable {
	id: Generated<number>;
	name: string;
	token_hash: string;
	created_at: ColumnType<Date, never, never>;
	last_used_at: Date | null;
	revoked_at: Date | null;
}

export type ChangeReason =
	| 'narrowed'
	| 'slipped'
	| 'dated'
	| 'released'
	| 'cancelled'
	| 'new evidence'
	| 'moved earlier'
	| 'first estimate'
	| 'renewed'
	| 'filming started'
	| 'wrapped';

export interface EstimatesTable {
	season_id: number;
	window_from: Day;
	window_to: Day;
	likely: Day;
	confidence: number;
	precision: string;
	label: string;
	basis: string;
	reasons: ColumnType<unknown, string, string>;
	conflicts: ColumnType<unknown, string, string>;
	computed_at: ColumnType<Date, Date | undefined, Date>;
}

export interface EstimateChangesTable {
	id: Generated<number>;
	season_id: number;
	reason: ChangeReason;
	before: ColumnType<unknown, string | null, string | null>;
	after: ColumnType<unknown, string | null, string | null>;
	claim_ids: ColumnType<number[], number[] | undefined, number[]>;
	news_item_id: number | null;
	created_at: ColumnType<Date, never, never>;
	notified_at: ColumnType<Date | null, never, Date | null>;
}

export interface DB {
	networks: NetworksTable;
	series: SeriesTable;
	seasons: SeasonsTable;
	production_events: ProductionEventsTable;
	feeds: FeedsTable;
	news_items: NewsItemsTable;
	claims: ClaimsTable;
	claim_reviews: ClaimReviewsTable;
	api_tokens: ApiTokensTable;
	estimates: EstimatesTable;
	estimate_changes: EstimateChangesTable;
	users: UsersTable;
	sessions: SessionsTable;
	rate_limits: RateLimitsTable;
	follows: FollowsTable;
	notifications: NotificationsTable;
	notification_settings: NotificationSettingsTable;
	feed_tokens: FeedTokensTable;
	email_log: EmailLogTable;
	catalog_edits: CatalogEditsTable;
	series_redirects: SeriesRedirectsTable;
}

/** The slug of a series merged away, and the series it now leads to. */
export interface SeriesRedirectsTable {
	slug: string;
	series_id: number;
	created_at: ColumnType<Date, never, never>;
}

export type Role = 'user' | 'editor' | 'admin';

export interface UsersTable {
	id: Generated<number>;
	/** Stored trimmed and lower-cased; unique on lower(email). */
	email: string;
	password_hash: string;
	role: ColumnType<Role, Role | undefined, Role>;
	created_at: ColumnType<Date, never, never>;
}

export interface SessionsTable {
	/** The public half of the token. */
	id: string;
	user_id: number;
	/** SHA-256 of the secret half of the token; the secret itself is never stored. */
	secret_hash: Uint8Array;
	created_at: ColumnType<Date, Date | undefined, never>;
	expires_at: Date;
	last_verified_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RateLimitsTable {
	key: string;
	window_start: ColumnType<Date, Date | undefined, Date>;
	count: ColumnType<number, number | undefined, number>;
}

export type Network = Selectable<NetworksTable>;
export type NewSeries = Insertable<SeriesTable>;
export type NewSeason = Insertable<SeasonsTable>;
export type NewProductionEvent = Insertable<ProductionEventsTable>;

export type EmailMode = 'immediate' | 'daily' | 'weekly' | 'never';
export type FeedKind = 'calendar' | 'atom';

export interface FollowsTable {
	id: Generated<number>;
	user_id: number;
	series_id: number;
	/** null: the whole series, every season present and future. */
	season_id: number | null;
	created_at: ColumnType<Date, never, never>;
}

export interface NotificationsTable {
	id: Generated<number>;
	user_id: number;
	season_id: number;
	estimate_change_id: number | null;
	kind: string;
	title: string;
	body: string;
	before: ColumnType<unknown, string | null, string | null>;
	after: ColumnType<unknown, string | null, string | null>;
	news_item_id: number | null;
	created_at: ColumnType<Date, Date | undefined, never>;
	/** Hidden from the inbox and mailers until then: the quiet period that absorbs flapping. */
	deliver_at: ColumnType<Date, Date | undefined, Date>;
	read_at: Date | null;
	emailed_at: Date | null;
}

export interface NotificationSettingsTable {
	user_id: number;
	kinds: ColumnType<string[], string[], string[]>;
	email_mode: ColumnType<EmailMode, EmailMode | undefined, EmailMode>;
	quiet_minutes: ColumnType<number, number | undefined, number>;
	updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface FeedTokensTable {
	id: Generated<number>;
	user_id: number;
	kind: FeedKind;
	token_hash: Uint8Array;
	created_at: ColumnType<Date, never, never>;
	revoked_at: Date | null;
}

export interface EmailLogTable {
	id: Generated<number>;
	user_id: number;
	kind: 'immediate' | 'digest';
	subject: string;
	sent_at: ColumnType<Date, Date | undefined, never>;
	notification_ids: ColumnType<number[], number[] | undefined, number[]>;
	unsubscribe_hash: Uint8Array | null;
}

export type CatalogEditAction = 'add-series' | 'edit-series' | 'add-season' | 'merge-series' | 'merge-seasons';

export interface CatalogEditsTable {
	id: Generated<number>;
	editor: string;
	action: CatalogEditAction;
	details: ColumnType<unknown, string, string>;
	created_at: ColumnType<Date, never, never>;
}

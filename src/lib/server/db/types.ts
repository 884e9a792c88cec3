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

export interface DB {
	networks: NetworksTable;
	series: SeriesTable;
	seasons: SeasonsTable;
	production_events: ProductionEventsTable;
}

export type Network = Selectable<NetworksTable>;
export type NewSeries = Insertable<SeriesTable>;
export type NewSeason = Insertable<SeasonsTable>;
export type NewProductionEvent = Insertable<ProductionEventsTable>;

import { sql } from 'kysely';
import type { Database } from './db/index.ts';
import type { NewProductionEvent, SeriesStatus } from './db/types.ts';
import { parseFuzzyDay, statusFromFacts } from '../domain/season-status.ts';

export interface CatalogSeason {
	number: number;
	episodes?: number | null;
	orderedAt?: string | null;
	filmingStart?: string | null;
	filmingWrap?: string | null;
	releaseDate?: string | null;
	sources?: string[];
	notes?: string | null;
}

export interface CatalogSeries {
	title: string;
	slug: string;
	network?: string | null;
	aliases?: string[];
	status?: SeriesStatus;
	seasons: CatalogSeason[];
}

export interface Catalog {
	series: CatalogSeries[];
}

export function slugify(text: string): string {
	return text
		.toLowerCase()
		.replace(/\+/g, '-plus')
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/**
 * Writes a catalog into the database in one transaction: networks, series, seasons and
 * their dated production events. Series already present (by slug) are left as they are.
 */
export async function importCatalog(
	db: Database,
	catalog: Catalog,
	today = new Date().toISOString().slice(0, 10)
): Promise<{ series: number; seasons: number; events: number }> {
	const counts = { series: 0, seasons: 0, events: 0 };
	await db.transaction().execute(async (trx) => {
		const networkNames = [...new Set(catalog.series.map((s) => s.network).filter((n): n is string => !!n))];
		const networkIds = new Map<string, number>();
		if (networkNames.length) {
			await trx
				.insertInto('networks')
				.values(networkNames.map((name) => ({ name, slug: slugify(name) })))
				.onConflict((oc) => oc.column('name').doNothing())
				.execute();
			const rows = await trx.selectFrom('networks').select(['id', 'name']).where('name', 'in', networkNames).execute();
			for (const row of rows) networkIds.set(row.name, row.id);
		}
		for (const entry of catalog.series) {
			const inserted = await trx
				.insertInto('series')
				.values({
					slug: entry.slug || slugify(entry.title),
					title: entry.title,
					network_id: entry.network ? (networkIds.get(entry.network) ?? null) : null,
					aliases: entry.aliases ?? [],
					status: entry.status ?? 'returning'
				})
				.onConflict((oc) => oc.column('slug').doNothing())
				.returning('id')
				.executeTakeFirst();
			if (!inserted) continue;
			counts.series++;
			for (const season of entry.seasons) {
				const release = season.releaseDate ? parseFuzzyDay(season.releaseDate) : null;
				const { id: seasonId } = await trx
					.insertInto('seasons')
					.values({
						series_id: inserted.id,
						number: season.number,
						episode_count: season.episodes ?? null,
						release_date: release?.day ?? null,
						release_precision: release?.precision ?? null,
						status: statusFromFacts(season, today)
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				counts.seasons++;
				const source = season.sources?.[0] ?? null;
				const events: NewProductionEvent[] = [];
				const add = (kind: NewProductionEvent['kind'], text: string | null | undefined) => {
					if (!text) return;
					const { day, precision } = parseFuzzyDay(text);
					if (day > today) return;
					events.push({ season_id: seasonId, kind, occurred_on: day, precision, source_url: source, note: null });
				};
				add('renewed', season.orderedAt);
				add('filming-started', season.filmingStart);
				add('wrapped', season.filmingWrap);
				add('released', season.releaseDate);
				if (events.length) {
					await trx.insertInto('production_events').values(events).execute();
					counts.events += events.length;
				}
			}
		}
	});
	return counts;
}

/** True when the catalog has no series at all: a new database. */
export async function catalogIsEmpty(db: Database): Promise<boolean> {
	const row = await sql<{ present: boolean }>`select exists (select 1 from series) as present`.execute(db);
	return !row.rows[0]?.present;
}

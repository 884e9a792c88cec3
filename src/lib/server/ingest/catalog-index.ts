import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { CatalogIndex } from '../../domain/extract/extract.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What extraction needs to know of the catalog: titles, aliases, known seasons. */
export async function loadCatalogIndex(db: Executor): Promise<CatalogIndex> {
	const [series, seasons] = await Promise.all([
		db.selectFrom('series').select(['id', 'title', 'slug', 'aliases']).orderBy('id').execute(),
		db.selectFrom('seasons').select(['series_id', 'number', 'release_date']).orderBy('series_id').orderBy('number').execute()
	]);
	const bySeries = Map.groupBy(seasons, (s) => s.series_id);
	return {
		series: series.map((s) => ({
			title: s.title,
			slug: s.slug,
			aliases: s.aliases,
			seasons: (bySeries.get(s.id) ?? []).map((season) => ({ number: season.number, releaseDate: season.release_date }))
		}))
	};
}

const TTL_MS = 30_000;
let cached: { at: number; index: Promise<CatalogIndex> } | null = null;

/**
 * The catalog index, rebuilt at most every 30 s. A derived, read-only cache: every instance
 * builds its own from the database, so instances stay interchangeable; a series added on
 * another instance is linked here within the TTL. This process's own writes call
 * `invalidateCatalogIndex()`.
 */
export function cachedCatalogIndex(db: Executor, now = Date.now()): Promise<CatalogIndex> {
	if (!cached || now - cached.at > TTL_MS) {
		const index = loadCatalogIndex(db);
		cached = { at: now, index };
		index.catch(() => {
			cached = null;
		});
	}
	return cached.index;
}

export function invalidateCatalogIndex(): void {
	cached = null;
}

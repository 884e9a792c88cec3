import type { Database } from '../db/index.ts';
import { catalogIsEmpty, importCatalog, type Catalog } from '../catalog-import.ts';
import { invalidatePrior, recomputeAll } from '../repositories/estimates.ts';
import demo from './catalog.json' with { type: 'json' };

export const demoCatalog = demo as Catalog;

/** Loads the demo catalog into an empty database; a database with any series is left alone. */
export async function seedDemoCatalog(db: Database): Promise<{ series: number; seasons: number; events: number } | null> {
	if (!(await catalogIsEmpty(db))) return null;
	const counts = await importCatalog(db, demoCatalog);
	// Every upcoming season gets its first estimate from the production history right away.
	invalidatePrior();
	await recomputeAll(db);
	return counts;
}

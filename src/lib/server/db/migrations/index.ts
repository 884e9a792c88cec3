import type { Migration } from 'kysely/migration';
import * as catalog from './2026-11-25T0000-catalog.ts';

/** Every migration, by its dated name. Kysely runs them in name order. */
export const migrations: Record<string, Migration> = {
	'2026-11-25T0000-catalog': catalog
};

import type { Kysely } from 'kysely';

// Frozen in time: never import app code here.
// The status the news has taken a season to, beyond the catalog's ("wrapped" in a story while the
// catalog still says renewed), kept with the estimate so lists show it without reading claims.
// Null: the catalog's status stands. Filled by the next recompute of each season.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('estimates').addColumn('reported_status', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('estimates').dropColumn('reported_status').execute();
}

import type { Kysely } from 'kysely';

// Frozen in time: never import app code here.
// A merged series' slug keeps working: links shared before the merge, bookmarks and calendar
// descriptions lead to the series it became. A redirect follows its series through later merges
// (the merge repoints it) and goes with the series when that is deleted.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('series_redirects')
		.addColumn('slug', 'text', (c) => c.primaryKey())
		.addColumn('series_id', 'integer', (c) => c.notNull().references('series.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(db.fn('now')))
		.execute();
	await db.schema.createIndex('series_redirects_series_idx').on('series_redirects').column('series_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('series_redirects').execute();
}

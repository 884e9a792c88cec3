import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
// Every change an editor makes to the catalog (adding, editing, merging series and seasons) is
// kept with who made it and what it touched, so a merge can be understood and undone by hand.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('catalog_edits')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('editor', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) =>
			c.notNull().check(sql`action in ('add-series', 'edit-series', 'add-season', 'merge-series', 'merge-seasons')`)
		)
		.addColumn('details', 'jsonb', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// The editors' page lists the latest edits.
	await db.schema.createIndex('catalog_edits_created_idx').on('catalog_edits').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('catalog_edits').execute();
}

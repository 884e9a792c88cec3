import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
	// The current estimate of each season not yet released (none for released or cancelled ones).
	await db.schema
		.createTable('estimates')
		.addColumn('season_id', 'integer', (c) => c.primaryKey().references('seasons.id').onDelete('cascade'))
		.addColumn('window_from', 'date', (c) => c.notNull())
		.addColumn('window_to', 'date', (c) => c.notNull())
		.addColumn('likely', 'date', (c) => c.notNull())
		.addColumn('confidence', 'real', (c) => c.notNull())
		.addColumn('precision', 'text', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('basis', 'text', (c) => c.notNull())
		.addColumn('reasons', 'jsonb', (c) => c.notNull())
		.addColumn('conflicts', 'jsonb', (c) => c.notNull())
		.addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('estimates_window_order', sql`window_from <= window_to`)
		.execute();
	// The home page orders upcoming seasons by their most likely day.
	await db.schema.createIndex('estimates_likely_idx').on('estimates').columns(['likely', 'season_id']).execute();

	// Each material change of a season's estimate, with its reason and the claims behind it.
	await db.schema
		.createTable('estimate_changes')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('season_id', 'integer', (c) => c.notNull().references('seasons.id').onDelete('cascade'))
		.addColumn('reason', 'text', (c) =>
			c.notNull().check(sql`reason in ('narrowed', 'slipped', 'dated', 'released', 'cancelled', 'new evidence', 'moved earlier', 'first estimate')`)
		)
		.addColumn('before', 'jsonb')
		.addColumn('after', 'jsonb')
		.addColumn('claim_ids', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'::integer[]`))
		.addColumn('news_item_id', 'integer', (c) => c.references('news_items.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('estimate_changes_season_idx').on('estimate_changes').columns(['season_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('estimate_changes').execute();
	await db.schema.dropTable('estimates').execute();
}

import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('networks')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull().unique())
		.execute();

	await db.schema
		.createTable('series')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('network_id', 'integer', (c) => c.references('networks.id').onDelete('set null'))
		.addColumn('aliases', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('returning')
				.check(sql`status in ('in-development', 'returning', 'ended', 'cancelled')`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// Lists are ordered by lower(title), id and paged.
	await sql`create index series_title_order_idx on series (lower(title), id)`.execute(db);
	await db.schema.createIndex('series_network_idx').on('series').column('network_id').execute();

	await db.schema
		.createTable('seasons')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('series_id', 'integer', (c) => c.notNull().references('series.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
		.addColumn('episode_count', 'integer', (c) => c.check(sql`episode_count > 0`))
		.addColumn('release_date', 'date')
		.addColumn('release_precision', 'text', (c) =>
			c.check(sql`release_precision in ('day', 'month', 'year')`)
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`status in ('announced', 'renewed', 'filming', 'wrapped', 'post-production', 'dated', 'released', 'cancelled')`
				)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('seasons_series_number_key', ['series_id', 'number'])
		.execute();
	// The home page lists seasons that are neither released nor cancelled, soonest first.
	await sql`create index seasons_upcoming_idx on seasons (release_date nulls last, id)
		where status not in ('released', 'cancelled')`.execute(db);

	await db.schema
		.createTable('production_events')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('season_id', 'integer', (c) => c.notNull().references('seasons.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind in ('renewed', 'filming-started', 'wrapped', 'release-dated', 'released', 'cancelled')`
				)
		)
		.addColumn('occurred_on', 'date', (c) => c.notNull())
		.addColumn('precision', 'text', (c) => c.notNull().check(sql`precision in ('day', 'month', 'year')`))
		.addColumn('source_url', 'text')
		.addColumn('note', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('production_events_season_idx')
		.on('production_events')
		.columns(['season_id', 'occurred_on'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('production_events').execute();
	await db.schema.dropTable('seasons').execute();
	await db.schema.dropTable('series').execute();
	await db.schema.dropTable('networks').execute();
}

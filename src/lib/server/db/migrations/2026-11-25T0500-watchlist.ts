import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
	// A follow with season_id null covers every season of the series, present and future.
	await db.schema
		.createTable('follows')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('series_id', 'integer', (c) => c.notNull().references('series.id').onDelete('cascade'))
		.addColumn('season_id', 'integer', (c) => c.references('seasons.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// One follow per user, series and season, the whole-series follow (null) included.
	await sql`create unique index follows_user_series_season_key on follows (user_id, series_id, coalesce(season_id, 0))`.execute(db);
	// Fan-out finds a season's followers by series (whole-series follows) or by season.
	await db.schema.createIndex('follows_series_idx').on('follows').columns(['series_id', 'season_id', 'user_id']).execute();

	await db.schema
		.createTable('notifications')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('season_id', 'integer', (c) => c.notNull().references('seasons.id').onDelete('cascade'))
		.addColumn('estimate_change_id', 'integer', (c) => c.references('estimate_changes.id').onDelete('set null'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('before', 'jsonb')
		.addColumn('after', 'jsonb')
		.addColumn('news_item_id', 'integer', (c) => c.references('news_items.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// Hidden and not mailed until the user's quiet period after the first change has passed.
		.addColumn('deliver_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('read_at', 'timestamptz')
		.addColumn('emailed_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('notifications_inbox_idx').on('notifications').columns(['user_id', 'read_at', 'id']).execute();
	// Coalescing looks up a season's pending notifications.
	await db.schema.createIndex('notifications_season_idx').on('notifications').columns(['season_id', 'user_id', 'deliver_at']).execute();
	// Mailers look for delivered notifications not mailed yet.
	await sql`create index notifications_unmailed_idx on notifications (deliver_at, user_id) where emailed_at is null and read_at is null`.execute(db);

	await db.schema
		.createTable('notification_settings')
		.addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('kinds', sql`text[]`, (c) => c.notNull())
		.addColumn('email_mode', 'text', (c) =>
			c.notNull().defaultTo('never').check(sql`email_mode in ('immediate', 'daily', 'weekly', 'never')`)
		)
		.addColumn('quiet_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`quiet_minutes between 0 and 10080`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	// Only the SHA-256 of a feed's secret token is stored.
	await db.schema
		.createTable('feed_tokens')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('calendar', 'atom')`))
		.addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('revoked_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('feed_tokens_user_idx').on('feed_tokens').columns(['user_id', 'kind']).execute();

	await db.schema
		.createTable('email_log')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('immediate', 'digest')`))
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('notification_ids', sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'::bigint[]`))
		// The one-click unsubscribe link of this mail: only its SHA-256 is kept.
		.addColumn('unsubscribe_hash', 'bytea', (c) => c.unique())
		.execute();
	await db.schema.createIndex('email_log_user_idx').on('email_log').columns(['user_id', 'sent_at']).execute();

	// Set once a change has been fanned out to its followers: the sweeper re-enqueues the rest.
	await db.schema.alterTable('estimate_changes').addColumn('notified_at', 'timestamptz').execute();
	await sql`create index estimate_changes_unnotified_idx on estimate_changes (id) where notified_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists estimate_changes_unnotified_idx`.execute(db);
	await db.schema.alterTable('estimate_changes').dropColumn('notified_at').execute();
	await db.schema.dropTable('email_log').execute();
	await db.schema.dropTable('feed_tokens').execute();
	await db.schema.dropTable('notification_settings').execute();
	await db.schema.dropTable('notifications').execute();
	await db.schema.dropTable('follows').execute();
}

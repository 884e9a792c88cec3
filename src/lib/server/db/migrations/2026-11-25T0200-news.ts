import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('feeds')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('url', 'text', (c) => c.notNull().unique())
		.addColumn('title', 'text')
		.addColumn('etag', 'text')
		.addColumn('last_modified', 'text')
		.addColumn('last_fetched_at', 'timestamptz')
		.addColumn('last_success_at', 'timestamptz')
		.addColumn('next_poll_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_error', 'text')
		.addColumn('items_seen', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('feeds_next_poll_idx').on('feeds').column('next_poll_at').execute();

	await db.schema
		.createTable('news_items')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('url', 'text')
		.addColumn('canonical_url', 'text', (c) => c.unique())
		.addColumn('content_hash', 'text', (c) => c.notNull().unique())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('outlet', 'text')
		.addColumn('published_on', 'date', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('form', 'api', 'cli', 'feed')`))
		.addColumn('feed_id', 'integer', (c) => c.references('feeds.id').onDelete('set null'))
		.addColumn('submitted_by', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await sql`create index news_items_published_idx on news_items (published_on desc, id desc)`.execute(db);

	await db.schema
		.createTable('claims')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('news_item_id', 'integer', (c) => c.notNull().references('news_items.id').onDelete('cascade'))
		.addColumn('season_id', 'integer', (c) => c.notNull().references('seasons.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('status', 'releaseWindow', 'releaseOrder', 'episodeCount', 'platform')`)
		)
		.addColumn('status', 'text')
		.addColumn('status_from', 'date')
		.addColumn('status_to', 'date')
		.addColumn('window_from', 'date')
		.addColumn('window_to', 'date')
		.addColumn('window_precision', 'text')
		.addColumn('window_label', 'text')
		.addColumn('after_season_id', 'integer', (c) => c.references('seasons.id').onDelete('set null'))
		.addColumn('episodes', 'integer')
		.addColumn('platform', 'text')
		.addColumn('hedged', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('negated', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('quote', 'text', (c) => c.notNull())
		.addColumn('quote_start', 'integer', (c) => c.notNull())
		.addColumn('quote_end', 'integer', (c) => c.notNull())
		.addColumn('sentence', 'text', (c) => c.notNull())
		.addColumn('attribution', 'text', (c) =>
			c.notNull().check(sql`attribution in ('outlet', 'person', 'writer-guess')`)
		)
		.addColumn('person', 'text')
		.addColumn('confidence', 'real', (c) => c.notNull().check(sql`confidence >= 0 and confidence <= 1`))
		.addColumn('review_state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('automatic')
				.check(sql`review_state in ('automatic', 'approved', 'rejected', 'corrected')`)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('claims_season_idx').on('claims').columns(['season_id', 'id']).execute();
	await db.schema.createIndex('claims_news_item_idx').on('claims').columns(['news_item_id', 'quote_start']).execute();
	await sql`create index claims_review_queue_idx on claims (id) where review_state = 'automatic'`.execute(db);

	// Every review action, with who made it and the claim before and after.
	await db.schema
		.createTable('claim_reviews')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('claim_id', 'integer', (c) => c.notNull().references('claims.id').onDelete('cascade'))
		.addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('approve', 'reject', 'correct')`))
		.addColumn('reviewer', 'text', (c) => c.notNull())
		.addColumn('before', 'jsonb', (c) => c.notNull())
		.addColumn('after', 'jsonb', (c) => c.notNull())
		.addColumn('note', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('claim_reviews_claim_idx').on('claim_reviews').column('claim_id').execute();

	// Bearer tokens for editors' tools and bots posting to /api/news: only a SHA-256 is stored.
	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_used_at', 'timestamptz')
		.addColumn('revoked_at', 'timestamptz')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('api_tokens').execute();
	await db.schema.dropTable('claim_reviews').execute();
	await db.schema.dropTable('claims').execute();
	await db.schema.dropTable('news_items').execute();
	await db.schema.dropTable('feeds').execute();
}

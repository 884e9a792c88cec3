import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
// The status the news has taken a season to, beyond the catalog's, moves from the estimate to the
// season: a season the news reports cancelled has no estimate, and every list and page reads the
// one stored value. Null: the catalog's status stands. Filled by each recompute of the season.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('seasons').addColumn('reported_status', 'text').execute();
	await sql`update seasons set reported_status = e.reported_status from estimates e where e.season_id = seasons.id and e.reported_status is not null`.execute(db);
	await db.schema.alterTable('estimates').dropColumn('reported_status').execute();
	// The home page's seasons: not released or cancelled by the catalog, nor cancelled by the news.
	await sql`drop index seasons_upcoming_idx`.execute(db);
	await sql`create index seasons_upcoming_idx on seasons (release_date nulls last, id)
		where status not in ('released', 'cancelled') and reported_status is distinct from 'cancelled'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index seasons_upcoming_idx`.execute(db);
	await sql`create index seasons_upcoming_idx on seasons (release_date nulls last, id)
		where status not in ('released', 'cancelled')`.execute(db);
	await db.schema.alterTable('estimates').addColumn('reported_status', 'text').execute();
	await sql`update estimates set reported_status = s.reported_status from seasons s where s.id = estimates.season_id`.execute(db);
	await db.schema.alterTable('seasons').dropColumn('reported_status').execute();
}

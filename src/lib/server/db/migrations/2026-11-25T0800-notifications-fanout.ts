import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
// Fan-out writes a notification per follower in one statement: 100,000 rows for a popular show.
// Row-by-row foreign-key checks were half its time (four per row), so notifications keep their
// integrity another way: rows are only ever made from follows (whose keys are checked), the story
// and change they point at are display links (readers left-join them), and deleting a user or a
// season removes their notifications in one statement-level trigger instead of a cascade.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table notifications
		drop constraint notifications_user_id_fkey,
		drop constraint notifications_season_id_fkey,
		drop constraint notifications_estimate_change_id_fkey,
		drop constraint notifications_news_item_id_fkey`.execute(db);
	await sql`create function notifications_forget_users() returns trigger language plpgsql as $$
		begin
			delete from notifications n using gone g where n.user_id = g.id;
			return null;
		end $$`.execute(db);
	await sql`create trigger users_forget_notifications after delete on users
		referencing old table as gone for each statement execute function notifications_forget_users()`.execute(db);
	await sql`create function notifications_forget_seasons() returns trigger language plpgsql as $$
		begin
			delete from notifications n using gone g where n.season_id = g.id;
			return null;
		end $$`.execute(db);
	await sql`create trigger seasons_forget_notifications after delete on seasons
		referencing old table as gone for each statement execute function notifications_forget_seasons()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger seasons_forget_notifications on seasons`.execute(db);
	await sql`drop function notifications_forget_seasons()`.execute(db);
	await sql`drop trigger users_forget_notifications on users`.execute(db);
	await sql`drop function notifications_forget_users()`.execute(db);
	await sql`delete from notifications where user_id not in (select id from users) or season_id not in (select id from seasons)`.execute(db);
	await sql`update notifications set estimate_change_id = null where estimate_change_id not in (select id from estimate_changes)`.execute(db);
	await sql`update notifications set news_item_id = null where news_item_id not in (select id from news_items)`.execute(db);
	await sql`alter table notifications
		add constraint notifications_user_id_fkey foreign key (user_id) references users (id) on delete cascade,
		add constraint notifications_season_id_fkey foreign key (season_id) references seasons (id) on delete cascade,
		add constraint notifications_estimate_change_id_fkey foreign key (estimate_change_id) references estimate_changes (id) on delete set null,
		add constraint notifications_news_item_id_fkey foreign key (news_item_id) references news_items (id) on delete set null`.execute(db);
}

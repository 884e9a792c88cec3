import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app code here.
// A season's history (and its followers) also hears of production milestones a story reports:
// renewed, filming started, wrapped. They are kept beside the estimate changes they explain.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table estimate_changes drop constraint estimate_changes_reason_check`.execute(db);
	await sql`alter table estimate_changes add constraint estimate_changes_reason_check check (reason in (
		'narrowed', 'slipped', 'dated', 'released', 'cancelled', 'new evidence', 'moved earlier', 'first estimate',
		'renewed', 'filming started', 'wrapped'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from estimate_changes where reason in ('renewed', 'filming started', 'wrapped')`.execute(db);
	await sql`alter table estimate_changes drop constraint estimate_changes_reason_check`.execute(db);
	await sql`alter table estimate_changes add constraint estimate_changes_reason_check check (reason in (
		'narrowed', 'slipped', 'dated', 'released', 'cancelled', 'new evidence', 'moved earlier', 'first estimate'))`.execute(db);
}

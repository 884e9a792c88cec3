// Benchmarks of watchlists and notifications on the large catalog.
import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/index.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { fanOutPending } from '../../src/lib/server/notify/fanout.ts';

/** A fan following 200 upcoming seasons, logged in: the watchlist page is measured with their cookie. */
export async function seedWatchlistFan(db: Database, seasons = 200): Promise<{ cookie: string; follows: number }> {
	const user = await createUser(db, { email: 'bench-watchlist@bench.test', password: 'bench watchlist password' });
	const inserted = await sql`
		insert into follows (user_id, series_id, season_id)
		select ${user.id}, s.series_id, s.id from seasons s
		where s.status <> 'released'
		order by md5(s.id::text) limit ${seasons}
	`.execute(db);
	const { token } = await createSession(db, user.id);
	return { cookie: `session=${token}`, follows: Number(inserted.numAffectedRows ?? 0) };
}

/**
 * One estimate change of a season whose series 100,000 users follow: the time to write every
 * follower's in-app notification (the fan-out, one set-based statement in one transaction).
 */
export async function benchFanOut(db: Database, followers = 100_000): Promise<{ followers: number; notifications: number; seconds: number }> {
	const season = (await sql<{ id: number; series_id: number; before: unknown }>`
		select s.id, s.series_id, json_build_object('from', e.window_from, 'to', e.window_to, 'likely', e.likely, 'precision', e.precision, 'label', e.label, 'confidence', e.confidence) as before
		from seasons s join estimates e on e.season_id = s.id
		order by s.id limit 1
	`.execute(db)).rows[0];
	if (!season) throw new Error('no season with an estimate to change');
	// Users made in one statement: a made-up password hash, since nobody logs in as them.
	await sql`
		insert into users (email, password_hash, role)
		select 'bench-follower-' || g || '@bench.test', '$argon2id$v=19$m=19456,t=2,p=1$bench$bench', 'user' from generate_series(1, ${followers}) g
	`.execute(db);
	await sql`
		insert into follows (user_id, series_id)
		select id, ${season.series_id} from users where email like 'bench-follower-%'
	`.execute(db);
	await sql`update estimate_changes set notified_at = now() where notified_at is null`.execute(db);
	await sql`vacuum analyze follows`.execute(db).catch(() => {});
	const before = season.before as { from: string; to: string; likely: string };
	const after = { ...(season.before as object), from: addDays(before.from, 45), to: addDays(before.to, 45), likely: addDays(before.likely, 45), label: 'later' };
	await db
		.insertInto('estimate_changes')
		.values({ season_id: season.id, reason: 'slipped', before: JSON.stringify(season.before), after: JSON.stringify(after), claim_ids: [] })
		.execute();
	const started = performance.now();
	const report = await fanOutPending(db);
	const seconds = (performance.now() - started) / 1000;
	return { followers, notifications: report.created, seconds: Math.round(seconds * 100) / 100 };
}

function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { classifyChange, type EstimateSnapshot } from '../../domain/estimate/estimate.ts';
import { COALESCING_KINDS, notificationText } from '../../domain/notifications.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The quiet period of a user who never chose one (the settings table's default). */
export const DEFAULT_QUIET_MINUTES = 60;

export interface FanOutReport {
	changes: number;
	created: number;
	merged: number;
	withdrawn: number;
}

interface ChangeRow {
	id: number;
	season_id: number;
	series_id: number;
	reason: string;
	before: EstimateSnapshot | null;
	after: EstimateSnapshot | null;
	news_item_id: number | null;
	number: number;
	title: string;
	news_title: string | null;
}

/**
 * Turns one estimate change into notifications for everyone who follows its season or its
 * series, in set-based SQL (one statement whatever the number of followers).
 *
 * Changes of the window (narrowed, slipped, moved earlier, new evidence, dated) wait for each
 * user's quiet period before anyone sees them; a later change of the same season folds into the
 * waiting notification, and a change that undoes it withdraws it, so nobody hears of flapping.
 */
export async function fanOutChange(trx: Executor, changeId: number): Promise<Omit<FanOutReport, 'changes'>> {
	const report = { created: 0, merged: 0, withdrawn: 0 };
	const change = (await sql<ChangeRow>`
		select c.id, c.season_id, s.series_id, c.reason, c.before, c.after, c.news_item_id, s.number, sr.title, n.title as news_title
		from estimate_changes c
		join seasons s on s.id = c.season_id
		join series sr on sr.id = s.series_id
		left join news_items n on n.id = c.news_item_id
		where c.id = ${changeId}
	`.execute(trx)).rows[0];
	if (!change) return report;

	const coalescing = COALESCING_KINDS.includes(change.reason);
	const text = notificationText({ series: change.title, season: change.number, kind: change.reason, before: change.before, after: change.after, story: change.news_title });
	const pending = sql`p.season_id = ${change.season_id} and p.deliver_at > now() and p.emailed_at is null and p.read_at is null and p.kind in (${sql.join(COALESCING_KINDS)})`;

	// Followers with nothing waiting for this season get a notification of their own.
	const inserted = await sql`
		insert into notifications (user_id, season_id, estimate_change_id, kind, title, body, before, after, news_item_id, deliver_at)
		select f.user_id, c.season_id, c.id, c.reason, ${text.title}, ${text.body}, c.before, c.after, c.news_item_id,
			${coalescing ? sql`now() + make_interval(mins => coalesce(ns.quiet_minutes, ${DEFAULT_QUIET_MINUTES}))` : sql`now()`}
		from follows f
		join estimate_changes c on c.id = ${change.id}
		left join notification_settings ns on ns.user_id = f.user_id
		where f.series_id = ${change.series_id}
			-- A user who follows the season and the whole series hears once (through the series).
			and (f.season_id is null or (f.season_id = ${change.season_id} and not exists (
				select 1 from follows w where w.user_id = f.user_id and w.series_id = f.series_id and w.season_id is null)))
			and (ns.kinds is null or ${change.reason} = any(ns.kinds))
			${coalescing ? sql`and not exists (select 1 from notifications p where p.user_id = f.user_id and ${pending})` : sql``}
	`.execute(trx);
	report.created = Number(inserted.numAffectedRows ?? 0);
	if (!coalescing || !change.after) return report;

	// Followers with a change still waiting: measured from what they last saw, the two changes are
	// one (merged), or nothing at all (withdrawn).
	const befores = (await sql<{ before: string | null }>`
		select distinct p.before::text as before from notifications p
		where ${pending} and p.estimate_change_id is distinct from ${change.id}
	`.execute(trx)).rows;
	for (const { before } of befores) {
		const seen: EstimateSnapshot | null = before ? JSON.parse(before) : null;
		const sameBefore = before === null ? sql`p.before is null` : sql`p.before = ${before}::jsonb`;
		const kind = classifyChange(seen, change.after);
		if (!kind) {
			const gone = await sql`delete from notifications p where ${pending} and p.estimate_change_id is distinct from ${change.id} and ${sameBefore}`.execute(trx);
			report.withdrawn += Number(gone.numAffectedRows ?? 0);
			continue;
		}
		const merged = notificationText({ series: change.title, season: change.number, kind, before: seen, after: change.after, story: change.news_title });
		const updated = await sql`
			update notifications p set kind = ${kind}, title = ${merged.title}, body = ${merged.body}, after = c.after,
				estimate_change_id = c.id, news_item_id = coalesce(c.news_item_id, p.news_item_id)
			from estimate_changes c
			where c.id = ${change.id} and ${pending} and p.estimate_change_id is distinct from ${change.id} and ${sameBefore}
		`.execute(trx);
		report.merged += Number(updated.numAffectedRows ?? 0);
	}
	return report;
}

/**
 * Fans out every change not notified yet, one change per transaction. Rows are claimed with
 * SKIP LOCKED, so workers on several machines share the backlog and a crash mid-way leaves the
 * change to the next sweep (the change rows are the durable outbox).
 */
export async function fanOutPending(db: Kysely<DB>, { max = 1000 }: { max?: number } = {}): Promise<FanOutReport> {
	const total: FanOutReport = { changes: 0, created: 0, merged: 0, withdrawn: 0 };
	while (total.changes < max) {
		const done = await db.transaction().execute(async (trx) => {
			const next = (await sql<{ id: number }>`
				select id from estimate_changes where notified_at is null order by id limit 1 for update skip locked
			`.execute(trx)).rows[0];
			if (!next) return false;
			const report = await fanOutChange(trx, next.id);
			await trx.updateTable('estimate_changes').set({ notified_at: new Date() }).where('id', '=', next.id).execute();
			total.created += report.created;
			total.merged += report.merged;
			total.withdrawn += report.withdrawn;
			return true;
		});
		if (!done) break;
		total.changes++;
	}
	return total;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedDemoCatalog } from '../../src/lib/server/demo/index.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { follow, followsForSeries, listWatchlist, pageWatchlist, unfollow, WatchlistError, watchedSeasonIds } from '../../src/lib/server/repositories/watchlist.ts';
import { fanOutPending } from '../../src/lib/server/notify/fanout.ts';
import { getSettings, listInbox, markRead, saveSettings, unreadCount } from '../../src/lib/server/repositories/notifications.ts';
import { recomputeSeasons } from '../../src/lib/server/repositories/estimates.ts';
import { ingestStory } from '../../src/lib/server/ingest/intake.ts';
import { invalidateCatalogIndex } from '../../src/lib/server/ingest/catalog-index.ts';
import { Jobs } from '../../src/lib/server/jobs.ts';
import type { EstimateSnapshot } from '../../src/lib/domain/estimate/estimate.ts';

let t: TestDatabase;
let fan: number, seasonFan: number, both: number, stranger: number, picky: number;
let s2: number, s3: number;

const snap = (from: string, to: string, label: string, precision = 'month'): EstimateSnapshot =>
	({ from, to, likely: from, label, precision, confidence: 0.5 }) as EstimateSnapshot;

/** An estimate change as the estimator records it; returns its id. */
async function change(seasonId: number, reason: string, before: EstimateSnapshot | null, after: EstimateSnapshot | null): Promise<number> {
	const row = await t.db
		.insertInto('estimate_changes')
		.values({ season_id: seasonId, reason: reason as never, before: before && JSON.stringify(before), after: after && JSON.stringify(after), claim_ids: [] })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

async function notificationsOf(userId: number) {
	return t.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** Lets every waiting notification through, as if the quiet period had passed. */
async function endQuietPeriods() {
	await sql`update notifications set deliver_at = now() - interval '1 second' where deliver_at > now()`.execute(t.db);
}

beforeAll(async () => {
	t = await freshDatabase();
	// The demo catalog's seasons give the production-timeline prior its history.
	await seedDemoCatalog(t.db);
	const network = await t.db.insertInto('networks').values({ slug: 'glass-tv', name: 'Glass TV' }).returning('id').executeTakeFirstOrThrow();
	const series = await t.db
		.insertInto('series')
		.values({ slug: 'the-glasshouse', title: 'The Glasshouse', network_id: network.id, aliases: [], status: 'returning' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await t.db.insertInto('seasons').values({ series_id: series.id, number: 1, release_date: '2025-03-02', release_precision: 'day', status: 'released' }).execute();
	s2 = (await t.db.insertInto('seasons').values({ series_id: series.id, number: 2, status: 'renewed' }).returning('id').executeTakeFirstOrThrow()).id;
	const users = [];
	for (const email of ['fan@example.com', 'season@example.com', 'both@example.com', 'stranger@example.com', 'picky@example.com']) {
		users.push((await createUser(t.db, { email, password: 'a long enough password' })).id);
	}
	[fan, seasonFan, both, stranger, picky] = users;
	invalidateCatalogIndex();
});
afterAll(async () => {
	await t?.drop();
});

describe(`watchlists and notifications on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('follows a series or a season, once, and refuses what does not exist', async () => {
		await follow(t.db, fan, { seriesSlug: 'the-glasshouse' });
		await follow(t.db, fan, { seriesSlug: 'the-glasshouse' });
		await follow(t.db, seasonFan, { seriesSlug: 'the-glasshouse', season: 2 });
		await follow(t.db, both, { seriesSlug: 'the-glasshouse' });
		await follow(t.db, both, { seriesSlug: 'the-glasshouse', season: 2 });
		await follow(t.db, picky, { seriesSlug: 'the-glasshouse' });
		expect(await followsForSeries(t.db, fan, 'the-glasshouse')).toEqual({ series: true, seasons: [] });
		expect(await followsForSeries(t.db, both, 'the-glasshouse')).toEqual({ series: true, seasons: [2] });
		await expect(follow(t.db, fan, { seriesSlug: 'no-such-show' })).rejects.toThrow(WatchlistError);
		await expect(follow(t.db, fan, { seriesSlug: 'the-glasshouse', season: 9 })).rejects.toThrow('There is no such season.');
		expect(Number((await t.db.selectFrom('follows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(5);
	});

	it('lists upcoming seasons of a followed series, including a season added later, soonest first', async () => {
		await recomputeSeasons(t.db, [s2]);
		let list = await listWatchlist(t.db, fan);
		expect(list.map((e) => e.season)).toEqual([2]);
		expect(list[0].estimate).not.toBeNull();
		expect(list[0].latestChange?.reason).toBe('first estimate');
		const series = await t.db.selectFrom('series').select('id').where('slug', '=', 'the-glasshouse').executeTakeFirstOrThrow();
		s3 = (await t.db.insertInto('seasons').values({ series_id: series.id, number: 3, status: 'announced' }).returning('id').executeTakeFirstOrThrow()).id;
		list = await listWatchlist(t.db, fan);
		expect(list.map((e) => e.season)).toEqual([2, 3]);
		// The one who follows season 2 only does not get season 3.
		expect((await listWatchlist(t.db, seasonFan)).map((e) => e.season)).toEqual([2]);
		expect(await listWatchlist(t.db, stranger)).toEqual([]);
		expect((await watchedSeasonIds(t.db, fan)).sort()).toEqual([s2, s3].sort());
		// A page of one, and the count of all.
		const second = await pageWatchlist(t.db, fan, { page: 2, perPage: 1 });
		expect({ seasons: second.entries.map((e) => e.season), total: second.total }).toEqual({ seasons: [3], total: 2 });
		expect(await pageWatchlist(t.db, fan, { page: 5, perPage: 1 })).toEqual({ entries: [], total: 2 });
		await t.db.deleteFrom('estimate_changes').execute();
	});

	it('fans a change out to each follower once, after their quiet period, with the kinds they chose', async () => {
		await saveSettings(t.db, picky, { kinds: ['released', 'cancelled'], emailMode: 'never', quietMinutes: 60 });
		await saveSettings(t.db, seasonFan, { kinds: (await getSettings(t.db, seasonFan)).kinds, emailMode: 'daily', quietMinutes: 0 });
		expect((await getSettings(t.db, picky)).kinds).toEqual(['released', 'cancelled']);
		expect((await getSettings(t.db, seasonFan)).emailMode).toBe('daily');

		await change(s2, 'narrowed', snap('2027-01-01', '2027-12-31', '2027', 'year'), snap('2027-04-01', '2027-06-30', 'spring 2027', 'season'));
		const report = await fanOutPending(t.db);
		expect(report).toMatchObject({ changes: 1, created: 3 });
		expect(await notificationsOf(stranger)).toHaveLength(0);
		expect(await notificationsOf(picky)).toHaveLength(0);
		const [mine] = await notificationsOf(both);
		expect(await notificationsOf(both)).toHaveLength(1);
		expect(mine.title).toBe('The Glasshouse season 2: release window narrowed to spring 2027');
		expect(mine.body).toContain('Expected 2027 before; now spring 2027.');
		// Quiet period: 60 minutes by default, none for the user who chose 0.
		expect(await unreadCount(t.db, both)).toBe(0);
		expect(await unreadCount(t.db, seasonFan)).toBe(1);
		// A second sweep does nothing: the change is marked notified.
		expect(await fanOutPending(t.db)).toMatchObject({ changes: 0, created: 0 });
	});

	it('folds a second change into the waiting one, and withdraws one that is undone', async () => {
		// fan and both still wait on "narrowed to spring 2027"; it slips to autumn.
		await change(s2, 'slipped', snap('2027-04-01', '2027-06-30', 'spring 2027', 'season'), snap('2027-09-01', '2027-11-30', 'autumn 2027', 'season'));
		const report = await fanOutPending(t.db);
		expect(report.merged).toBe(2);
		const [waiting] = await notificationsOf(fan);
		expect(await notificationsOf(fan)).toHaveLength(1);
		expect(waiting.kind).toBe('narrowed');
		expect(waiting.title).toBe('The Glasshouse season 2: release window narrowed to autumn 2027');
		expect((waiting.before as EstimateSnapshot).label).toBe('2027');
		// seasonFan had already been told (no quiet period): a new notification of its own.
		expect((await notificationsOf(seasonFan)).map((n) => n.kind)).toEqual(['narrowed', 'slipped']);

		// Back to 2027 within the quiet period: fan and both hear nothing at all.
		await change(s2, 'new evidence', snap('2027-09-01', '2027-11-30', 'autumn 2027', 'season'), snap('2027-01-01', '2027-12-31', '2027', 'year'));
		const undo = await fanOutPending(t.db);
		expect(undo.withdrawn).toBe(2);
		expect(await notificationsOf(fan)).toHaveLength(0);
		expect(await notificationsOf(both)).toHaveLength(0);
		expect((await notificationsOf(seasonFan)).map((n) => n.kind)).toEqual(['narrowed', 'slipped', 'new evidence']);
	});

	it('tells of milestones and cancellations at once, and never twice', async () => {
		await change(s2, 'cancelled', snap('2027-01-01', '2027-12-31', '2027', 'year'), null);
		await fanOutPending(t.db);
		const inbox = await listInbox(t.db, picky, { page: 1, perPage: 10 });
		expect(inbox.items.map((i) => i.title)).toEqual(['The Glasshouse season 2: cancelled']);
		expect(inbox.items[0].body).toBe('It had been expected 2027.');
		expect(await unreadCount(t.db, fan)).toBe(1);
	});

	it('marks read only the user’s own notifications', async () => {
		const theirs = (await notificationsOf(fan))[0];
		expect(await markRead(t.db, stranger, [theirs.id])).toBe(0);
		expect(await unreadCount(t.db, fan)).toBe(1);
		expect(await markRead(t.db, fan, [theirs.id])).toBe(1);
		expect(await unreadCount(t.db, fan)).toBe(0);
		await endQuietPeriods();
		expect(await markRead(t.db, both, 'all')).toBe(1);
		expect((await listInbox(t.db, both, { page: 1, perPage: 10 })).items.every((i) => i.read)).toBe(true);
	});

	it('a story that starts filming tells followers of the milestone, with the story', async () => {
		await t.db.deleteFrom('notifications').execute();
		const result = await ingestStory(t.db, {
			title: 'The Glasshouse starts shooting season 3',
			url: 'https://news.example/glasshouse-s3',
			outlet: 'Example News',
			publishedAt: '2026-11-20',
			text: 'The Glasshouse season 3 has officially begun filming in Belfast, HBO said this week.',
			source: 'api'
		});
		expect(result.created).toBe(true);
		const milestones = await t.db.selectFrom('estimate_changes').select(['reason', 'news_item_id']).where('season_id', '=', s3).where('reason', '=', 'filming started').execute();
		expect(milestones).toEqual([{ reason: 'filming started', news_item_id: result.id }]);
		await fanOutPending(t.db);
		const inbox = await listInbox(t.db, fan, { page: 1, perPage: 10 });
		const told = inbox.items.find((i) => i.kind === 'filming started');
		expect(told?.title).toBe('The Glasshouse season 3: filming started');
		expect(told?.story).toEqual({ id: result.id, title: 'The Glasshouse starts shooting season 3' });
		// seasonFan follows season 2 only.
		expect((await listInbox(t.db, seasonFan, { page: 1, perPage: 10 })).items.some((i) => i.kind === 'filming started')).toBe(false);

		// The same milestone in a second story is not news.
		await ingestStory(t.db, { title: 'Glasshouse filming continues', publishedAt: '2026-11-22', text: 'Filming has begun on The Glasshouse season 3 in Belfast.', source: 'api' });
		expect(await t.db.selectFrom('estimate_changes').select('id').where('season_id', '=', s3).where('reason', '=', 'filming started').execute()).toHaveLength(1);
	});

	it('unfollowing stops what is not yet sent', async () => {
		expect(await unfollow(t.db, fan, { seriesSlug: 'the-glasshouse' })).toBe(true);
		expect(await unfollow(t.db, fan, { seriesSlug: 'the-glasshouse' })).toBe(false);
		await change(s3, 'dated', null, snap('2027-05-01', '2027-05-01', 'May 1, 2027', 'day'));
		await fanOutPending(t.db);
		await endQuietPeriods();
		expect((await listInbox(t.db, fan, { page: 1, perPage: 10 })).items.some((i) => i.kind === 'dated')).toBe(false);
		expect((await listInbox(t.db, both, { page: 1, perPage: 10 })).items.some((i) => i.kind === 'dated')).toBe(true);
	});

	it('a deleted account or season takes its notifications along', async () => {
		const countOf = async (where: 'user' | 'season', id: number) =>
			Number((await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where(where === 'user' ? 'user_id' : 'season_id', '=', id).executeTakeFirstOrThrow()).n);
		expect(await countOf('user', fan)).toBeGreaterThan(0);
		await t.db.deleteFrom('users').where('id', '=', fan).execute();
		expect(await countOf('user', fan)).toBe(0);
		const series = await t.db.insertInto('series').values({ slug: 'short-lived', title: 'Short Lived', aliases: [], status: 'returning' }).returning('id').executeTakeFirstOrThrow();
		const season = await t.db.insertInto('seasons').values({ series_id: series.id, number: 1, status: 'renewed' }).returning('id').executeTakeFirstOrThrow();
		await follow(t.db, both, { seriesSlug: 'short-lived' });
		await change(season.id, 'renewed', null, null);
		await fanOutPending(t.db);
		expect(await countOf('season', season.id)).toBe(1);
		// Deleting the series cascades to its seasons, and from them to their notifications.
		await t.db.deleteFrom('series').where('id', '=', series.id).execute();
		expect(await countOf('season', season.id)).toBe(0);
	});

	it('runs the fan-out as a pg-boss job in the same database', async () => {
		const jobs = await Jobs.start(t.db, { databaseUrl: t.url });
		try {
			const id = await change(s3, 'slipped', snap('2027-05-01', '2027-05-01', 'May 1, 2027', 'day'), snap('2027-06-05', '2027-06-05', 'June 5, 2027', 'day'));
			await jobs.wake();
			const deadline = Date.now() + 20_000;
			let notified = null;
			while (Date.now() < deadline) {
				notified = (await t.db.selectFrom('estimate_changes').select('notified_at').where('id', '=', id).executeTakeFirstOrThrow()).notified_at;
				if (notified) break;
				await new Promise((r) => setTimeout(r, 200));
			}
			expect(notified).toBeInstanceOf(Date);
			expect((await notificationsOf(both)).some((n) => n.estimate_change_id === id)).toBe(true);
		} finally {
			await jobs.stop();
		}
	}, 40_000);

	it('fans out a change made just after the previous fan-out, in seconds rather than at the next sweep', async () => {
		const jobs = await Jobs.start(t.db, { databaseUrl: t.url });
		const notifiedWithin = async (id: number, ms: number) => {
			const deadline = Date.now() + ms;
			while (Date.now() < deadline) {
				if ((await t.db.selectFrom('estimate_changes').select('notified_at').where('id', '=', id).executeTakeFirstOrThrow()).notified_at) return true;
				await new Promise((r) => setTimeout(r, 50));
			}
			return false;
		};
		try {
			// Each wake comes within a moment of the fan-out before it finishing: a wake-up dropped
			// because one was asked for a moment ago would leave the change to the minute's sweep.
			const days = ['2027-07-01', '2027-08-01', '2027-09-01'];
			let before = snap('2027-06-05', '2027-06-05', 'June 5, 2027', 'day');
			for (const day of days) {
				const after = snap(day, day, day, 'day');
				const id = await change(s3, 'slipped', before, after);
				await jobs.wake();
				expect(await notifiedWithin(id, 8_000)).toBe(true);
				before = after;
			}
		} finally {
			await jobs.stop();
		}
	}, 60_000);
});

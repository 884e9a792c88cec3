import { recomputeAll } from '../../src/lib/server/repositories/estimates.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { migrateDownAll, migrateToLatest } from '../../src/lib/server/db/index.ts';
import { demoCatalog, seedDemoCatalog } from '../../src/lib/server/demo/index.ts';
import { importCatalog } from '../../src/lib/server/catalog-import.ts';
import { getSeriesBySlug, listSeries, listUpcomingSeasons } from '../../src/lib/server/repositories/series.ts';
import { ingestStory } from '../../src/lib/server/ingest/intake.ts';
import { invalidateCatalogIndex } from '../../src/lib/server/ingest/catalog-index.ts';

let t: TestDatabase;

beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(async () => {
	await t?.drop();
});

describe(`catalog on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('loads the demo catalog once, and only into an empty database', async () => {
		const first = await seedDemoCatalog(t.db);
		expect(first).toEqual({ series: 30, seasons: 73, events: expect.any(Number) });
		expect(first!.events).toBeGreaterThan(200);
		expect(await seedDemoCatalog(t.db)).toBeNull();
		const { count } = await t.db.selectFrom('seasons').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
		expect(count).toBe(73);
		expect(typeof count).toBe('number');
	});

	it('finds a series by title, by alias and case-insensitively', async () => {
		const byTitle = await listSeries(t.db, { query: 'luke', page: 1, perPage: 10 });
		expect(byTitle.items.map((s) => s.title)).toEqual(['Luke Cage']);
		const byAlias = await listSeries(t.db, { query: 'HotD', page: 1, perPage: 10 });
		expect(byAlias.items.map((s) => s.title)).toEqual(['House of the Dragon']);
		const marvel = await listSeries(t.db, { query: "marvel's", page: 1, perPage: 50 });
		expect(marvel.items.map((s) => s.title)).toEqual(
			expect.arrayContaining(['Daredevil', 'Iron Fist', 'Jessica Jones', 'Luke Cage', 'The Defenders', 'The Punisher'])
		);
		expect(marvel.total).toBe(6);
	});

	it('treats LIKE wildcards in a search as plain characters', async () => {
		const result = await listSeries(t.db, { query: '%', page: 1, perPage: 10 });
		expect(result.total).toBe(0);
	});

	it('pages through all series in title order without repeats', async () => {
		const seen: string[] = [];
		for (let page = 1; page <= 4; page++) {
			const { items, total } = await listSeries(t.db, { page, perPage: 8 });
			expect(total).toBe(30);
			seen.push(...items.map((s) => s.title));
		}
		expect(seen).toHaveLength(30);
		expect(new Set(seen).size).toBe(30);
		expect(seen[0]).toBe('13 Reasons Why');
		const luke = (await listSeries(t.db, { query: 'Luke', page: 1, perPage: 1 })).items[0];
		expect(luke).toMatchObject({ network: 'Netflix', seasonCount: 2, latestSeason: 2 });
	});

	it('returns a series with every season and its dated production timeline', async () => {
		const series = await getSeriesBySlug(t.db, 'luke-cage');
		expect(series).toMatchObject({ title: 'Luke Cage', network: 'Netflix', status: 'cancelled', seasonCount: 2 });
		const s2 = series!.seasons.find((s) => s.number === 2)!;
		expect(s2).toMatchObject({ status: 'released', releaseDate: '2018-06-22', releasePrecision: 'day', episodeCount: 13 });
		expect(s2.events.map((e) => e.kind)).toEqual(['renewed', 'filming-started', 'released']);
		const filming = s2.events.find((e) => e.kind === 'filming-started')!;
		expect(filming).toMatchObject({ occurredOn: '2017-06-01', precision: 'month' });
		const dates = s2.events.map((e) => e.occurredOn);
		expect([...dates].sort()).toEqual(dates);
		expect(await getSeriesBySlug(t.db, 'no-such-show')).toBeUndefined();
	});

	it('pages the seasons of a long series', async () => {
		const page2 = await getSeriesBySlug(t.db, 'game-of-thrones', { page: 2, perPage: 3 });
		expect(page2!.seasonCount).toBe(4);
		expect(page2!.seasons.map((s) => s.number)).toEqual([page2!.seasons[0].number]);
	});

	it('lists upcoming seasons by their most likely day, with their window, and never released ones', async () => {
		await importCatalog(
			t.db,
			{
				series: [
					{
						title: 'Test Show',
						slug: 'test-show',
						network: 'Netflix',
						seasons: [
							{ number: 1, releaseDate: '2020-01-10' },
							{ number: 2, orderedAt: '2026-01', releaseDate: '2027-03-05' }
						]
					}
				]
			},
			'2026-11-25'
		);
		await recomputeAll(t.db, { asOf: '2026-11-25' });
		const { items, total } = await listUpcomingSeasons(t.db, { page: 1, perPage: 50 });
		const dated = items.find((s) => s.seriesTitle === 'Test Show')!;
		expect(dated).toMatchObject({ number: 2, status: 'dated', releaseDate: '2027-03-05', estimate: { from: '2027-03-05', to: '2027-03-05', label: 'March 5, 2027' } });
		expect(items.every((s) => s.estimate && s.estimate.from <= s.estimate.likely && s.estimate.likely <= s.estimate.to)).toBe(true);
		const likely = items.map((s) => s.estimate!.likely);
		expect(likely).toEqual([...likely].sort());
		// Page 2 of one-per-page continues the same order.
		const second = await listUpcomingSeasons(t.db, { page: 2, perPage: 1 });
		expect(second.items[0].seriesTitle).toBe(items[1].seriesTitle);
		expect(items.map((s) => `${s.seriesTitle} ${s.number}`)).toEqual(
			expect.arrayContaining(['Severance 3', 'The Last of Us 3', 'Wednesday 3'])
		);
		expect(items.some((s) => s.status === 'released')).toBe(false);
		expect(total).toBe(4);
		const severance = items.find((s) => s.seriesTitle === 'Severance')!;
		expect(severance.latestEvent).toEqual({ kind: 'renewed', occurredOn: '2025-04-01', precision: 'month' });
	});

	it('lists a season at the status the news has taken it to, and filters by it', async () => {
		const before = (await listUpcomingSeasons(t.db, { page: 1, perPage: 50 })).items.find((s) => s.seriesTitle === 'Severance')!;
		expect(before.status).toBe('renewed');
		invalidateCatalogIndex();
		const story = await ingestStory(t.db, { title: 'Severance wraps', text: 'Severance season 3 wrapped filming this past week, Apple TV+ said.', publishedAt: '2026-11-20', source: 'api', outlet: 'Test Wire' });
		expect(story.claims).toBeGreaterThan(0);
		const after = (await listUpcomingSeasons(t.db, { page: 1, perPage: 50 })).items.find((s) => s.seriesTitle === 'Severance')!;
		expect(after.status).toBe('wrapped');
		expect((await listUpcomingSeasons(t.db, { page: 1, perPage: 50, status: 'wrapped' })).items.map((s) => s.seriesTitle)).toContain('Severance');
		expect((await listUpcomingSeasons(t.db, { page: 1, perPage: 50, status: 'renewed' })).items.map((s) => s.seriesTitle)).not.toContain('Severance');
	});

	it('migrates down and up again cleanly', async () => {
		const undone = await migrateDownAll(t.db);
		expect(undone[undone.length - 1]).toBe('2026-11-25T0000-catalog');
		const after = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'series'`.execute(t.db);
		expect(after.rows[0].n).toBe(0);
		await migrateToLatest(t.db);
		expect(await seedDemoCatalog(t.db)).toMatchObject({ series: demoCatalog.series.length });
	});
});

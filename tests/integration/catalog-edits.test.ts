import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { DB } from '../../src/lib/server/db/types.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedDemoCatalog } from '../../src/lib/server/demo/index.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { follow } from '../../src/lib/server/repositories/watchlist.ts';
import { getSeriesBySlug, listSeries, redirectedSlug } from '../../src/lib/server/repositories/series.ts';
import { ingestStory } from '../../src/lib/server/ingest/intake.ts';
import { cachedCatalogIndex, invalidateCatalogIndex, loadCatalogIndex } from '../../src/lib/server/ingest/catalog-index.ts';
import { extractClaims } from '../../src/lib/domain/extract/extract.ts';
import {
	addSeason,
	addSeries,
	CatalogEditError,
	editSeries,
	listCatalogEdits,
	mergeSeasons,
	mergeSeries
} from '../../src/lib/server/repositories/catalog-edits.ts';

let t: TestDatabase;
const EDITOR = 'editor@example.com';
let fan: number, seasonFan: number, twoSeasons: number;

const TABLES = ['series', 'seasons', 'claims', 'production_events', 'estimate_changes', 'notifications', 'follows', 'catalog_edits', 'networks'] as const;

async function counts(): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const table of TABLES) {
		const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		out[table] = Number(row.n);
	}
	return out;
}

async function seasonId(slug: string, number: number): Promise<number> {
	const row = await t.db
		.selectFrom('seasons')
		.innerJoin('series', 'series.id', 'seasons.series_id')
		.where('series.slug', '=', slug)
		.where('seasons.number', '=', number)
		.select('seasons.id')
		.executeTakeFirstOrThrow();
	return row.id;
}

function edit<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
	return t.db.transaction().execute(fn);
}

async function story(title: string, text: string, publishedAt = '2026-11-20') {
	invalidateCatalogIndex();
	return ingestStory(t.db, { title, text, publishedAt, source: 'api', outlet: 'Test Wire' });
}

async function event(seasonIdValue: number, kind: 'renewed' | 'filming-started' | 'wrapped', occurredOn: string) {
	await t.db.insertInto('production_events').values({ season_id: seasonIdValue, kind, occurred_on: occurredOn, precision: 'day' }).execute();
}

async function notification(userId: number, season: number) {
	await t.db
		.insertInto('notifications')
		.values({ user_id: userId, season_id: season, kind: 'estimate', title: 'Estimate changed', body: 'Something moved.' })
		.execute();
}

beforeAll(async () => {
	t = await freshDatabase();
	// The demo catalog's seasons give the production-timeline prior its history.
	await seedDemoCatalog(t.db);
	fan = (await createUser(t.db, { email: 'fan@example.com', password: 'a long enough password' })).id;
	seasonFan = (await createUser(t.db, { email: 'season@example.com', password: 'a long enough password' })).id;
	twoSeasons = (await createUser(t.db, { email: 'two@example.com', password: 'a long enough password' })).id;
	invalidateCatalogIndex();
});
afterAll(async () => {
	await t?.drop();
});

describe(`catalog edits on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('adds a series and a season that the catalog lists and extraction finds', async () => {
		// A warm catalog cache from before the series existed.
		const before = await cachedCatalogIndex(t.db);
		expect(before.series.some((s) => s.title === 'Gloamwood Chronicles')).toBe(false);

		const slug = await edit((trx) =>
			addSeries(trx, EDITOR, { title: '  Gloamwood   Chronicles ', network: 'Lantern TV', aliases: ['Gloamwood', 'gloamwood', ' ', 'GWC'], status: 'returning' })
		);
		expect(slug).toBe('gloamwood-chronicles');
		const added = await edit((trx) => addSeason(trx, EDITOR, slug, { number: 1, episodes: 8, status: 'renewed' }));
		expect(added.number).toBe(1);

		const list = await listSeries(t.db, { query: 'gloamwood', page: 1, perPage: 10 });
		expect(list.items).toEqual([expect.objectContaining({ slug, title: 'Gloamwood Chronicles', network: 'Lantern TV', aliases: ['Gloamwood', 'GWC'], seasonCount: 1, latestSeason: 1 })]);
		const detail = await getSeriesBySlug(t.db, slug);
		expect(detail?.seasons).toEqual([expect.objectContaining({ number: 1, status: 'renewed', episodeCount: 8 })]);

		// The same title again gets its own slug; the network is not created twice.
		expect(await edit((trx) => addSeries(trx, EDITOR, { title: 'Gloamwood Chronicles', network: 'lantern tv', status: 'ended' }))).toBe('gloamwood-chronicles-2');
		expect(await t.db.selectFrom('networks').select('id').where('name', 'ilike', 'lantern tv').execute()).toHaveLength(1);

		// Extraction sees the new title and alias, both from a fresh index and from the (invalidated) cache.
		const text = 'Gloamwood Chronicles season 1 will premiere on March 12, 2027, the network announced on Thursday.';
		const claims = extractClaims({ text, title: 'Gloamwood Chronicles gets a date', publishedAt: '2026-11-20' }, await loadCatalogIndex(t.db));
		expect(claims.some((c) => c.seriesSlug === slug && c.season === 1)).toBe(true);
		const ingested = await ingestStory(t.db, { title: 'Gloamwood Chronicles gets a date', text, publishedAt: '2026-11-20', source: 'api' });
		expect(ingested.claims).toBeGreaterThan(0);
		const stored = await t.db.selectFrom('claims').select('season_id').where('news_item_id', '=', ingested.id).execute();
		expect(stored.map((c) => c.season_id)).toContain(added.seasonId);
	});

	it('edits a series’ title, aliases, status and network, keeping its slug', async () => {
		await edit((trx) => editSeries(trx, EDITOR, 'gloamwood-chronicles-2', { title: 'Gloamwood (Remake)', aliases: ['Gloamwood Redux'], status: 'in-development', network: '' }));
		const detail = await getSeriesBySlug(t.db, 'gloamwood-chronicles-2');
		expect(detail).toMatchObject({ title: 'Gloamwood (Remake)', aliases: ['Gloamwood Redux'], status: 'in-development', network: null });
	});

	it('merges one series into another, keeping claims, events, follows, notifications and the old title as an alias', async () => {
		const a = await edit((trx) => addSeries(trx, EDITOR, { title: 'Harbor Lights', aliases: ['Harbor Lights Drama'], status: 'returning' }));
		const b = await edit((trx) => addSeries(trx, EDITOR, { title: 'Harbour Lights UK', aliases: ['harbor lights drama', 'Harbour Lights', 'HARBOR LIGHTS'], network: 'Pier One', status: 'returning' }));
		for (const n of [1, 2]) await edit((trx) => addSeason(trx, EDITOR, a, { number: n, status: n === 1 ? 'released' : 'renewed', releaseDate: n === 1 ? '2024-05-01' : null }));
		await edit((trx) => addSeason(trx, EDITOR, b, { number: 2, status: 'filming', episodes: 10 }));
		await edit((trx) => addSeason(trx, EDITOR, b, { number: 3, status: 'announced' }));
		const b2 = await seasonId(b, 2);
		const b3 = await seasonId(b, 3);
		const a2 = await seasonId(a, 2);

		const s2 = await story('Harbour Lights UK season 2 dated', 'Harbour Lights UK season 2 will premiere on March 12, 2027, the network announced on Thursday.');
		const s3 = await story('Harbour Lights UK season 3 dated', 'Harbour Lights UK season 3 will premiere on October 1, 2027, the network announced on Monday.', '2026-11-21');
		expect(s2.claims).toBeGreaterThan(0);
		expect(s3.claims).toBeGreaterThan(0);
		const claimsB2 = (await t.db.selectFrom('claims').select('id').where('season_id', '=', b2).execute()).map((c) => c.id);
		const claimsB3 = (await t.db.selectFrom('claims').select('id').where('season_id', '=', b3).execute()).map((c) => c.id);
		expect(claimsB2.length).toBeGreaterThan(0);
		// A claim elsewhere that places a season after B's season 2.
		await t.db.updateTable('claims').set({ after_season_id: b2 }).where('id', '=', claimsB3[0]).execute();
		await event(b2, 'filming-started', '2026-06-01');
		await event(b3, 'renewed', '2026-09-01');
		await notification(seasonFan, b2);

		// fan follows both series (ends with one follow); seasonFan follows B's season 3 (moves);
		// twoSeasons follows season 2 of both (ends with one).
		await follow(t.db, fan, { seriesSlug: a });
		await follow(t.db, fan, { seriesSlug: b });
		await follow(t.db, seasonFan, { seriesSlug: b, season: 3 });
		await follow(t.db, twoSeasons, { seriesSlug: a, season: 2 });
		await follow(t.db, twoSeasons, { seriesSlug: b, season: 2 });

		const before = await counts();
		const changesB2 = (await t.db.selectFrom('estimate_changes').select('id').where('season_id', '=', b2).execute()).map((c) => c.id);
		expect(changesB2.length).toBeGreaterThan(0);

		const result = await edit((trx) => mergeSeries(trx, EDITOR, { from: b, into: a }));
		expect(result.slug).toBe(a);

		const after = await counts();
		expect(after.series).toBe(before.series - 1);
		expect(after.seasons).toBe(before.seasons - 1); // B's season 2 merged into A's, season 3 moved
		expect(after.claims).toBe(before.claims);
		expect(after.production_events).toBe(before.production_events);
		expect(after.notifications).toBe(before.notifications);
		expect(after.estimate_changes).toBeGreaterThanOrEqual(before.estimate_changes);
		expect(after.follows).toBe(before.follows - 2);
		expect(after.catalog_edits).toBe(before.catalog_edits + 1);

		expect(await getSeriesBySlug(t.db, b)).toBeUndefined();
		const merged = await getSeriesBySlug(t.db, a);
		expect(merged?.seasons.map((s) => s.number)).toEqual([1, 2, 3]);
		// Title and aliases of B, deduplicated ignoring case, none repeating A's own title.
		expect(merged?.aliases).toEqual(['Harbor Lights Drama', 'Harbour Lights UK', 'Harbour Lights']);
		expect(merged?.network).toBe('Pier One');
		// A's season 2 keeps its own status and takes the episode count it lacked.
		expect(merged?.seasons[1]).toMatchObject({ number: 2, status: 'renewed', episodeCount: 10 });

		expect(await t.db.selectFrom('claims').select('id').where('season_id', '=', a2).where('id', 'in', claimsB2).execute()).toHaveLength(claimsB2.length);
		expect(await t.db.selectFrom('claims').select('id').where('season_id', '=', b3).execute()).toHaveLength(claimsB3.length);
		expect((await t.db.selectFrom('claims').select('after_season_id').where('id', '=', claimsB3[0]).executeTakeFirstOrThrow()).after_season_id).toBe(a2);
		expect(await t.db.selectFrom('production_events').select('kind').where('season_id', '=', a2).execute()).toEqual([{ kind: 'filming-started' }]);
		expect(await t.db.selectFrom('estimate_changes').select('id').where('id', 'in', changesB2).where('season_id', '=', a2).execute()).toHaveLength(changesB2.length);
		expect(await t.db.selectFrom('notifications').select('season_id').where('user_id', '=', seasonFan).execute()).toEqual([{ season_id: a2 }]);
		expect(await t.db.selectFrom('estimates').select('season_id').where('season_id', 'in', [a2, b3]).execute()).toHaveLength(2);

		const seriesA = await t.db.selectFrom('series').select('id').where('slug', '=', a).executeTakeFirstOrThrow();
		const follows = await t.db.selectFrom('follows').select(['user_id', 'series_id', 'season_id']).where('user_id', 'in', [fan, seasonFan, twoSeasons]).orderBy('user_id').execute();
		expect(follows).toEqual([
			{ user_id: fan, series_id: seriesA.id, season_id: null },
			{ user_id: seasonFan, series_id: seriesA.id, season_id: b3 },
			{ user_id: twoSeasons, series_id: seriesA.id, season_id: a2 }
		]);

		// The old title now finds the merged series.
		invalidateCatalogIndex();
		const claims = extractClaims(
			{ text: 'Harbour Lights UK season 3 will premiere on October 1, 2027, the network said.', title: 'Dated', publishedAt: '2026-11-22' },
			await loadCatalogIndex(t.db)
		);
		expect(claims.some((c) => c.seriesSlug === a && c.season === 3)).toBe(true);
	});

	it('leads a merged series’ old slug to the series it became, through later merges, and keeps it from new series', async () => {
		const first = await edit((trx) => addSeries(trx, EDITOR, { title: 'Night Shift Diaries', status: 'returning' }));
		const second = await edit((trx) => addSeries(trx, EDITOR, { title: 'The Night Shift Diaries', status: 'returning' }));
		const third = await edit((trx) => addSeries(trx, EDITOR, { title: 'Night Shift Diaries (US)', status: 'returning' }));
		expect(await redirectedSlug(t.db, first)).toBeNull();
		await edit((trx) => mergeSeries(trx, EDITOR, { from: first, into: second }));
		expect(await redirectedSlug(t.db, first)).toBe(second);
		// The series it became is merged in turn: the oldest link follows it.
		await edit((trx) => mergeSeries(trx, EDITOR, { from: second, into: third }));
		expect(await redirectedSlug(t.db, first)).toBe(third);
		expect(await redirectedSlug(t.db, second)).toBe(third);
		// A new series of the same title gets a slug of its own; the old links still lead to the merged one.
		const again = await edit((trx) => addSeries(trx, EDITOR, { title: 'Night Shift Diaries', status: 'returning' }));
		expect(again).not.toBe(first);
		expect(await redirectedSlug(t.db, first)).toBe(third);
		// Deleting the series takes its redirects along.
		await t.db.deleteFrom('series').where('slug', '=', third).execute();
		expect(await redirectedSlug(t.db, first)).toBeNull();
	});

	it('merges two seasons of a series, moving claims, events, history, notifications and follows, then recomputes', async () => {
		const slug = await edit((trx) => addSeries(trx, EDITOR, { title: 'Copperline', status: 'returning' }));
		await edit((trx) => addSeason(trx, EDITOR, slug, { number: 1, status: 'released', releaseDate: '2025-02-01' }));
		await edit((trx) => addSeason(trx, EDITOR, slug, { number: 2, status: 'renewed' }));
		await edit((trx) => addSeason(trx, EDITOR, slug, { number: 3, status: 'filming', episodes: 6, releaseDate: '2027-05-01', releasePrecision: 'month' }));
		const x = await seasonId(slug, 3);
		const y = await seasonId(slug, 2);
		const s = await story('Copperline season 3 dated', 'Copperline season 3 will premiere on June 5, 2027, the streamer announced on Thursday.');
		expect(s.claims).toBeGreaterThan(0);
		const claimsX = (await t.db.selectFrom('claims').select('id').where('season_id', '=', x).execute()).map((c) => c.id);
		// A claim of season 1 said to come before season 3: the reference must follow the merge.
		await t.db.updateTable('claims').set({ after_season_id: x }).where('id', '=', claimsX[0]).execute();
		const other = await story('Gloamwood Chronicles season 1 news', 'Gloamwood Chronicles season 1 will premiere on April 2, 2027, the network said on Friday.', '2026-11-23');
		const otherClaim = (await t.db.selectFrom('claims').select('id').where('news_item_id', '=', other.id).executeTakeFirstOrThrow()).id;
		await t.db.updateTable('claims').set({ after_season_id: x }).where('id', '=', otherClaim).execute();
		await event(x, 'filming-started', '2026-05-01');
		await notification(fan, x);
		await follow(t.db, fan, { seriesSlug: slug, season: 3 });
		await follow(t.db, fan, { seriesSlug: slug, season: 2 });
		await follow(t.db, seasonFan, { seriesSlug: slug, season: 3 });
		const historyX = (await t.db.selectFrom('estimate_changes').select('id').where('season_id', '=', x).execute()).map((c) => c.id);
		expect(historyX.length).toBeGreaterThan(0);
		const before = await counts();

		const moved = await edit((trx) => mergeSeasons(trx, EDITOR, { series: slug, from: 3, into: 2 }));
		expect(moved).toMatchObject({ claims: claimsX.length, events: 1, notifications: 1, follows: 1, duplicateFollows: 1, orderReferences: 2 });

		const after = await counts();
		expect(after.seasons).toBe(before.seasons - 1);
		expect(after.claims).toBe(before.claims);
		expect(after.production_events).toBe(before.production_events);
		expect(after.notifications).toBe(before.notifications);
		expect(after.follows).toBe(before.follows - 1);
		expect(after.estimate_changes).toBeGreaterThanOrEqual(before.estimate_changes);

		expect(await t.db.selectFrom('seasons').select('id').where('id', '=', x).execute()).toHaveLength(0);
		const merged = await getSeriesBySlug(t.db, slug);
		// Season 2 keeps its status and takes the episode count and date it lacked.
		expect(merged?.seasons.map((season) => season.number)).toEqual([1, 2]);
		expect(merged?.seasons[1]).toMatchObject({ status: 'renewed', episodeCount: 6, releaseDate: '2027-05-01', releasePrecision: 'month' });
		expect(await t.db.selectFrom('claims').select('id').where('season_id', '=', y).where('id', 'in', claimsX).execute()).toHaveLength(claimsX.length);
		// The merged season's own claim no longer points at itself; the other series' claim points at Y.
		expect((await t.db.selectFrom('claims').select('after_season_id').where('id', '=', claimsX[0]).executeTakeFirstOrThrow()).after_season_id).toBeNull();
		expect((await t.db.selectFrom('claims').select('after_season_id').where('id', '=', otherClaim).executeTakeFirstOrThrow()).after_season_id).toBe(y);
		expect(await t.db.selectFrom('production_events').select('season_id').where('season_id', '=', y).execute()).toHaveLength(1);
		expect(await t.db.selectFrom('estimate_changes').select('id').where('id', 'in', historyX).where('season_id', '=', y).execute()).toHaveLength(historyX.length);
		expect(await t.db.selectFrom('notifications').select('season_id').where('user_id', '=', fan).where('season_id', '=', y).execute()).toHaveLength(1);
		expect(await t.db.selectFrom('follows').select('user_id').where('season_id', '=', y).orderBy('user_id').execute()).toEqual([{ user_id: fan }, { user_id: seasonFan }]);
		// Recomputed with the moved claims: season 2 now rests on the June 5, 2027 claim.
		const estimate = await t.db.selectFrom('estimates').select(['window_from', 'window_to']).where('season_id', '=', y).executeTakeFirstOrThrow();
		expect(estimate.window_from <= '2027-06-05' && estimate.window_to >= '2027-05-01').toBe(true);
	});

	it('refuses bad input with CatalogEditError and changes nothing', async () => {
		const before = await counts();
		const refusals: [string, () => Promise<unknown>, RegExp][] = [
			['duplicate season', () => edit((trx) => addSeason(trx, EDITOR, 'copperline', { number: 2, status: 'announced' })), /already has a season 2/],
			['merge into itself', () => edit((trx) => mergeSeries(trx, EDITOR, { from: 'copperline', into: 'Copperline' })), /into itself/],
			['unknown slug', () => edit((trx) => mergeSeries(trx, EDITOR, { from: 'no-such-show', into: 'copperline' })), /no series “no-such-show”/],
			['unknown slug for a season', () => edit((trx) => addSeason(trx, EDITOR, 'no-such-show', { number: 1, status: 'announced' })), /no series/],
			['empty title', () => edit((trx) => addSeries(trx, EDITOR, { title: '   ', status: 'returning' })), /title is required/],
			['long title', () => edit((trx) => addSeries(trx, EDITOR, { title: 'x'.repeat(201), status: 'returning' })), /at most 200/],
			['bad status', () => edit((trx) => addSeries(trx, EDITOR, { title: 'Fine', status: 'paused' })), /status must be one of/],
			['too many aliases', () => edit((trx) => addSeries(trx, EDITOR, { title: 'Fine', status: 'returning', aliases: Array.from({ length: 21 }, (_, i) => `a${i}`) })), /at most 20/],
			['long alias', () => edit((trx) => addSeries(trx, EDITOR, { title: 'Fine', status: 'returning', aliases: ['y'.repeat(201)] })), /at most 200/],
			['empty title on edit', () => edit((trx) => editSeries(trx, EDITOR, 'copperline', { title: '' })), /title is required/],
			['season into itself', () => edit((trx) => mergeSeasons(trx, EDITOR, { series: 'copperline', from: 2, into: 2 })), /into itself/],
			['missing season', () => edit((trx) => mergeSeasons(trx, EDITOR, { series: 'copperline', from: 7, into: 2 })), /no season 7/],
			['bad season number', () => edit((trx) => addSeason(trx, EDITOR, 'copperline', { number: 0, status: 'announced' })), /whole number/],
			['bad date', () => edit((trx) => addSeason(trx, EDITOR, 'copperline', { number: 9, status: 'announced', releaseDate: '2027-02-30' })), /real day/]
		];
		for (const [name, attempt, message] of refusals) {
			const error = await attempt().then(
				() => null,
				(e: unknown) => e
			);
			expect(error, name).toBeInstanceOf(CatalogEditError);
			expect((error as Error).message, name).toMatch(message);
		}
		expect(await counts()).toEqual(before);
	});

	it('keeps every change with the editor who made it', async () => {
		const rows = await t.db.selectFrom('catalog_edits').select(['editor', 'action', 'details']).orderBy('id').execute();
		expect(rows.length).toBeGreaterThan(10);
		expect(new Set(rows.map((r) => r.editor))).toEqual(new Set([EDITOR]));
		expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['add-series', 'edit-series', 'add-season', 'merge-series', 'merge-seasons']));
		const merge = rows.find((r) => r.action === 'merge-series')!;
		expect(merge.details).toMatchObject({ from: { slug: 'harbour-lights-uk' }, into: { slug: 'harbor-lights' }, movedSeasons: [3], mergedSeasons: [2] });
		const latest = await listCatalogEdits(t.db, 20);
		expect(latest[0]).toMatchObject({ editor: EDITOR, action: 'merge-seasons', summary: 'merged season 3 of copperline into season 2' });
		await expect(edit((trx) => addSeries(trx, '  ', { title: 'Anonymous', status: 'returning' }))).rejects.toThrow(CatalogEditError);
	});
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedDemoCatalog } from '../../src/lib/server/demo/index.ts';
import { ingestStory, InputError } from '../../src/lib/server/ingest/intake.ts';
import { invalidateCatalogIndex } from '../../src/lib/server/ingest/catalog-index.ts';
import { getNewsItem, listClaimsForSeries } from '../../src/lib/server/repositories/news.ts';
import { estimatesForSeries, recomputeSeasons } from '../../src/lib/server/repositories/estimates.ts';
import { getSeriesBySlug, listUpcomingSeasons } from '../../src/lib/server/repositories/series.ts';
import { reviewClaim } from '../../src/lib/server/repositories/claims.ts';

const SEED = readFileSync('tests/fixtures/stories/luke-cage-s2-production.txt', 'utf8');
const story = { title: "Luke Cage Season 2 Begins Production", url: 'https://www.cbr.com/luke-cage-season-2-production/', outlet: 'CBR', publishedAt: '2017-06-20', text: SEED, source: 'api' as const };

let t: TestDatabase;
const count = async (table: 'news_items' | 'claims' | 'seasons') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoCatalog(t.db);
	invalidateCatalogIndex();
});
afterAll(async () => {
	await t?.drop();
});

describe(`story intake on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('stores the seed story once with its claims linked to the right seasons', async () => {
		const result = await ingestStory(t.db, story);
		expect(result.created).toBe(true);
		expect(result.claims).toBeGreaterThanOrEqual(9);
		const item = await getNewsItem(t.db, result.id);
		expect(item!.body).toBe(SEED.replace(/\r\n?/g, '\n').trimEnd());
		for (const claim of item!.claims) expect(item!.body.slice(claim.quoteStart, claim.quoteEnd)).toBe(claim.quote);
		const lukeCage = await listClaimsForSeries(t.db, 'luke-cage');
		const s2 = lukeCage.filter((c) => c.season === 2);
		expect(s2.some((c) => c.kind === 'status' && c.status === 'filming-started')).toBe(true);
		expect(s2.some((c) => c.kind === 'releaseWindow' && c.windowFrom === '2018-01-01' && c.windowTo === '2018-12-31')).toBe(true);
		expect(s2.some((c) => c.kind === 'releaseOrder' && c.afterSeriesSlug === 'jessica-jones' && c.afterSeason === 2)).toBe(true);
		const defenders = await listClaimsForSeries(t.db, 'the-defenders');
		expect(defenders.some((c) => c.kind === 'episodeCount' && c.episodes === 8)).toBe(true);
	});

	it('stores the same story once, whatever its address decoration or line endings', async () => {
		const before = { items: await count('news_items'), claims: await count('claims') };
		const again = await ingestStory(t.db, { ...story, url: story.url + '?utm_source=twitter#comments' });
		const crlf = await ingestStory(t.db, { ...story, url: null, text: SEED.replace(/\n/g, '\r\n') });
		expect(again.created).toBe(false);
		expect(crlf.created).toBe(false);
		expect({ items: await count('news_items'), claims: await count('claims') }).toEqual(before);
	});

	it('refuses bad text with a clear message and loses nothing already stored', async () => {
		const before = { items: await count('news_items'), claims: await count('claims'), seasons: await count('seasons') };
		const cases: [string, string | Buffer, RegExp][] = [
			['empty', '   \n  ', /empty|no text/i],
			['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), /binary|not text|UTF-8/i],
			['non-UTF-8', Buffer.from('Caf\xe9 season two', 'latin1'), /UTF-8/i],
			['10 MB', 'a'.repeat(10 * 1024 * 1024), /MB|large|long|size/i]
		];
		for (const [name, text, message] of cases) {
			const attempt = ingestStory(t.db, { ...story, url: `https://example.com/${name}`, text });
			await expect(attempt, name).rejects.toBeInstanceOf(InputError);
			await expect(attempt, name).rejects.toThrow(message);
		}
		await expect(ingestStory(t.db, { ...story, url: null, text: 'Fine text.', publishedAt: '2017-02-30' })).rejects.toThrow(/real day/);
		await expect(ingestStory(t.db, { ...story, url: null, text: 'Fine text.', title: '' })).rejects.toThrow(/title/);
		expect({ items: await count('news_items'), claims: await count('claims'), seasons: await count('seasons') }).toEqual(before);
	});

	it('stores a story without claims as a story with none', async () => {
		const result = await ingestStory(t.db, { ...story, url: 'https://example.com/weather', title: 'Weather', text: 'It will rain in New York on Tuesday, forecasters said. Bring an umbrella.' });
		expect(result).toMatchObject({ created: true, claims: 0 });
	});

	it('the season page learns whether the estimate’s label already names its window', async () => {
		await ingestStory(t.db, { ...story, url: 'https://example.com/wednesday-3', title: 'Wednesday season 3 eyed for January 2027', publishedAt: '2026-11-20', text: 'Netflix says Wednesday season 3 will arrive in January 2027. The third season began filming in Ireland this spring.' });
		const { estimates } = await estimatesForSeries(t.db, 'wednesday');
		expect(estimates[3]).toMatchObject({ label: 'January 2027', from: '2027-01-01', to: '2027-01-31', labelIsWindow: true });
	});

	it('a season the news reports cancelled says so on every page and leaves the upcoming list; rejecting the claim brings it back', async () => {
		const upcoming = async () => (await listUpcomingSeasons(t.db, { page: 1, perPage: 100 })).items.filter((i) => i.seriesSlug === 'severance' && i.number === 3);
		expect(await upcoming()).toHaveLength(1);
		const result = await ingestStory(t.db, { ...story, url: 'https://example.com/severance-cancelled', title: 'Apple TV+ cancels Severance', publishedAt: '2026-11-25', text: 'Apple TV+ has cancelled Severance. The third season will not be made, the streamer said on Tuesday.' });
		const season = async () => (await getSeriesBySlug(t.db, 'severance'))!.seasons.find((x) => x.number === 3)!;
		expect(await season()).toMatchObject({ status: 'renewed', reportedStatus: 'cancelled' });
		expect((await estimatesForSeries(t.db, 'severance')).estimates[3]).toBeUndefined();
		expect(await upcoming()).toHaveLength(0);

		const claim = (await getNewsItem(t.db, result.id))!.claims.find((c) => c.status === 'cancelled')!;
		await t.db.transaction().execute(async (trx) => {
			const { seasonId } = await reviewClaim(trx, { claimId: claim.id, action: 'reject', reviewer: 'editor@example.com' });
			await recomputeSeasons(trx, [seasonId]);
		});
		expect(await season()).toMatchObject({ status: 'renewed', reportedStatus: null });
		expect(await upcoming()).toHaveLength(1);
	});
});

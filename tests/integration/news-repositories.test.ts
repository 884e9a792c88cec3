import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedDemoCatalog } from '../../src/lib/server/demo/index.ts';
import { getNewsItem, listClaimsForSeries, listNews, listReviewQueue, findNewsItemByIdentity } from '../../src/lib/server/repositories/news.ts';
import { claimHistory, reviewClaim, ReviewError } from '../../src/lib/server/repositories/claims.ts';
import { createApiToken, revokeApiToken, verifyApiToken } from '../../src/lib/server/repositories/api-tokens.ts';

let t: TestDatabase;
let storyId: number;
let windowClaim: number;

async function seasonId(slug: string, number: number) {
	const row = await t.db
		.selectFrom('seasons')
		.innerJoin('series', 'series.id', 'seasons.series_id')
		.where('series.slug', '=', slug)
		.where('seasons.number', '=', number)
		.select('seasons.id')
		.executeTakeFirstOrThrow();
	return row.id;
}

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoCatalog(t.db);
	const body = 'It is expected that season two will hit Netflix sometime in 2018. Arriving Aug. 18 on Netflix.';
	const item = await t.db
		.insertInto('news_items')
		.values({ url: 'https://cbr.com/luke-cage-s2', canonical_url: 'https://cbr.com/luke-cage-s2', content_hash: 'h1', title: 'Luke Cage S2', outlet: 'CBR', published_on: '2017-06-20', body, source: 'api' })
		.returning('id')
		.executeTakeFirstOrThrow();
	storyId = item.id;
	const base = { news_item_id: storyId, sentence: body, attribution: 'outlet' as const, confidence: 0.7 };
	const claims = await t.db
		.insertInto('claims')
		.values([
			{ ...base, season_id: await seasonId('luke-cage', 2), kind: 'releaseWindow', window_from: '2018-01-01', window_to: '2018-12-31', window_precision: 'year', window_label: '2018', quote: 'will hit Netflix sometime in 2018', quote_start: 30, quote_end: 63 },
			{ ...base, season_id: await seasonId('the-defenders', 1), kind: 'status', status: 'release-dated', quote: 'Arriving Aug. 18 on Netflix', quote_start: 65, quote_end: 92 },
			{ ...base, season_id: await seasonId('luke-cage', 2), kind: 'releaseOrder', after_season_id: await seasonId('jessica-jones', 2), quote: 'season two', quote_start: 20, quote_end: 30 }
		])
		.returning('id')
		.execute();
	windowClaim = claims[0].id;
});
afterAll(async () => {
	await t?.drop();
});

describe('news and claims', () => {
	it('lists stories newest first with their claim counts', async () => {
		const { items, total } = await listNews(t.db, { page: 1, perPage: 10 });
		expect(total).toBe(1);
		expect(items[0]).toMatchObject({ id: storyId, title: 'Luke Cage S2', outlet: 'CBR', publishedOn: '2017-06-20', claimCount: 3 });
	});

	it('returns a story with its claims in text order, linked to series and seasons', async () => {
		const item = await getNewsItem(t.db, storyId);
		expect(item!.claims.map((c) => [c.seriesTitle, c.season, c.kind])).toEqual([
			['Luke Cage', 2, 'releaseOrder'],
			['Luke Cage', 2, 'releaseWindow'],
			['The Defenders', 1, 'status']
		]);
		expect(item!.claims[0]).toMatchObject({ afterSeriesTitle: 'Jessica Jones', afterSeason: 2 });
		expect(await getNewsItem(t.db, 999_999)).toBeUndefined();
	});

	it('finds a known story by canonical URL or by content', async () => {
		expect(await findNewsItemByIdentity(t.db, { canonicalUrl: 'https://cbr.com/luke-cage-s2', contentHash: 'other' })).toEqual({ id: storyId });
		expect(await findNewsItemByIdentity(t.db, { canonicalUrl: null, contentHash: 'h1' })).toEqual({ id: storyId });
		expect(await findNewsItemByIdentity(t.db, { canonicalUrl: 'https://elsewhere.example/', contentHash: 'h2' })).toBeUndefined();
	});

	it('keeps every review with who made it; a rejected claim leaves the lists', async () => {
		const queue = await listReviewQueue(t.db, { page: 1, perPage: 10 });
		expect(queue.total).toBe(3);

		await t.db.transaction().execute((trx) =>
			reviewClaim(trx, { claimId: windowClaim, action: 'correct', reviewer: 'editor@seasonwatch.test', correction: { windowFrom: '2018-01-01', windowTo: '2018-04-30', windowPrecision: 'part-of-year', windowLabel: 'early 2018' } })
		);
		const history = await claimHistory(t.db, windowClaim);
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ action: 'correct', reviewer: 'editor@seasonwatch.test' });
		expect((history[0].before as { window_label: string }).window_label).toBe('2018');
		expect((history[0].after as { window_label: string; review_state: string })).toMatchObject({ window_label: 'early 2018', review_state: 'corrected' });

		const claims = await listClaimsForSeries(t.db, 'luke-cage');
		expect(claims.find((c) => c.id === windowClaim)).toMatchObject({ windowLabel: 'early 2018', reviewState: 'corrected', newsTitle: 'Luke Cage S2' });
		expect((await listReviewQueue(t.db, { page: 1, perPage: 10 })).total).toBe(2);

		const order = claims.find((c) => c.kind === 'releaseOrder')!;
		await t.db.transaction().execute((trx) => reviewClaim(trx, { claimId: order.id, action: 'reject', reviewer: 'editor@seasonwatch.test' }));
		expect((await listClaimsForSeries(t.db, 'luke-cage')).map((c) => c.id)).toEqual([windowClaim]);
		expect((await listNews(t.db, { page: 1, perPage: 10 })).items[0].claimCount).toBe(2);
	});

	it('refuses an empty or inverted correction and changes nothing', async () => {
		await expect(t.db.transaction().execute((trx) => reviewClaim(trx, { claimId: windowClaim, action: 'correct', reviewer: 'e', correction: {} }))).rejects.toThrow(ReviewError);
		await expect(
			t.db.transaction().execute((trx) => reviewClaim(trx, { claimId: windowClaim, action: 'correct', reviewer: 'e', correction: { windowFrom: '2019-01-01' } }))
		).rejects.toThrow(/must not end before it starts/);
		expect(await claimHistory(t.db, windowClaim)).toHaveLength(1);
		await expect(t.db.transaction().execute((trx) => reviewClaim(trx, { claimId: 424242, action: 'approve', reviewer: 'e' }))).rejects.toThrow(/no claim/);
	});
});

describe('API tokens', () => {
	it('stores only a hash, verifies the token and stops after revocation', async () => {
		const { id, token } = await createApiToken(t.db, 'newsbot');
		expect(token).toMatch(/^sw_[A-Za-z0-9_-]{27}$/);
		const row = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.token_hash).not.toContain(token.slice(3));
		expect(await verifyApiToken(t.db, token)).toEqual({ id, name: 'newsbot' });
		expect(await verifyApiToken(t.db, token + 'x')).toBeNull();
		expect(await verifyApiToken(t.db, null)).toBeNull();
		expect(await revokeApiToken(t.db, id)).toBe(true);
		expect(await verifyApiToken(t.db, token)).toBeNull();
	});
});

import type { Kysely, Transaction } from 'kysely';
import { wakeNotifier } from '../jobs.ts';
import type { DB, NewsSource } from '../db/types.ts';
import { extractClaims, type CatalogIndex, type Claim } from '../../domain/extract/extract.ts';
import { canonicalUrl, contentHash, decodeStoryText, InputError } from './text.ts';
import { findNewsItemByIdentity } from '../repositories/news.ts';
import { cachedCatalogIndex, invalidateCatalogIndex } from './catalog-index.ts';
import { recomputeSeasons } from '../repositories/estimates.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface StoryInput {
	title: string;
	url?: string | null;
	publishedAt: string;
	text: string | Buffer;
	outlet?: string | null;
	source: NewsSource;
	feedId?: number | null;
	submittedBy?: string | null;
}

export interface IngestResult {
	id: number;
	/** False when the same story (canonical URL or content) was already stored. */
	created: boolean;
	claims: number;
	/** Material estimate changes this story caused. */
	changes?: { seasonId: number; reason: string }[];
}

export { InputError };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the fields of a story; throws InputError with a message a person can act on. */
export function validateStory(input: StoryInput, today = new Date()): { title: string; url: string | null; publishedAt: string; text: string; outlet: string | null } {
	const title = (input.title ?? '').trim();
	if (!title) throw new InputError('title is required');
	if (title.length > 300) throw new InputError(`title is ${title.length} characters; at most 300`);
	const publishedAt = (input.publishedAt ?? '').trim();
	if (!DAY.test(publishedAt) || new Date(`${publishedAt}T00:00:00Z`).toISOString().slice(0, 10) !== publishedAt) {
		throw new InputError(`publication date must be a real day written YYYY-MM-DD, not "${publishedAt.slice(0, 40)}"`);
	}
	const tomorrow = new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
	if (publishedAt > tomorrow) throw new InputError(`publication date ${publishedAt} is in the future`);
	if (publishedAt < '1990-01-01') throw new InputError(`publication date ${publishedAt} is too early`);
	let url: string | null = (input.url ?? '').trim() || null;
	if (url) {
		if (url.length > 2000) throw new InputError('url is longer than 2,000 characters');
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			throw new InputError(`url is not a valid address: "${url.slice(0, 80)}"`);
		}
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError('url must start with http:// or https://');
		url = parsed.toString();
	}
	const outlet = (input.outlet ?? '').trim() || null;
	if (outlet && outlet.length > 120) throw new InputError('outlet is longer than 120 characters');
	const text = decodeStoryText(input.text);
	return { title, url, publishedAt, text, outlet };
}

async function seasonId(trx: Transaction<DB>, seriesSlug: string, number: number): Promise<number | null> {
	const series = await trx.selectFrom('series').select('id').where('slug', '=', seriesSlug).executeTakeFirst();
	if (!series) return null;
	const existing = await trx
		.selectFrom('seasons')
		.select('id')
		.where('series_id', '=', series.id)
		.where('number', '=', number)
		.executeTakeFirst();
	if (existing) return existing.id;
	// A season the news knows before the catalog does: it exists from now on, as announced.
	const inserted = await trx
		.insertInto('seasons')
		.values({ series_id: series.id, number, status: 'announced' })
		.onConflict((oc) => oc.columns(['series_id', 'number']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (inserted) {
		invalidateCatalogIndex();
		return inserted.id;
	}
	return (await trx.selectFrom('seasons').select('id').where('series_id', '=', series.id).where('number', '=', number).executeTakeFirstOrThrow()).id;
}

function slugOfTitle(index: CatalogIndex, title: string): string | undefined {
	const lower = title.toLowerCase();
	return index.series.find((s) => s.title.toLowerCase() === lower || s.aliases.some((a) => a.toLowerCase() === lower))?.slug;
}

/** Stores the claims of one story inside the caller's transaction; returns how many were stored. */
export async function storeClaims(trx: Transaction<DB>, newsItemId: number, claims: Claim[], index: CatalogIndex): Promise<{ stored: number; seasonIds: number[] }> {
	let stored = 0;
	const seasonIds = new Set<number>();
	for (const claim of claims) {
		const season = await seasonId(trx, claim.seriesSlug, claim.season);
		if (season === null) continue;
		let after: number | null = null;
		if (claim.after) {
			const slug = slugOfTitle(index, claim.after.series);
			after = slug ? await seasonId(trx, slug, claim.after.season) : null;
		}
		await trx
			.insertInto('claims')
			.values({
				news_item_id: newsItemId,
				season_id: season,
				kind: claim.kind,
				status: claim.status ?? null,
				status_from: claim.statusDate?.from ?? null,
				status_to: claim.statusDate?.to ?? null,
				window_from: claim.window?.from ?? null,
				window_to: claim.window?.to ?? null,
				window_precision: claim.window?.precision ?? null,
				window_label: claim.window?.label ?? null,
				after_season_id: after,
				episodes: claim.episodes ?? null,
				platform: claim.platform ?? null,
				hedged: claim.hedged ?? false,
				negated: claim.negated ?? false,
				quote: claim.quote,
				quote_start: claim.start,
				quote_end: claim.end,
				sentence: claim.sentence,
				attribution: claim.attribution,
				person: claim.person ?? null,
				confidence: Math.min(1, Math.max(0, claim.confidence))
			})
			.execute();
		stored++;
		seasonIds.add(season);
	}
	return { stored, seasonIds: [...seasonIds] };
}

/**
 * One story in: validated, stored once (by canonical URL and by content hash), its claims
 * extracted, linked to seasons and stored in the same transaction. The same story twice
 * returns the first one with `created: false` and changes nothing.
 */
export async function ingestStory(db: Kysely<DB>, input: StoryInput, options: { index?: CatalogIndex; asOf?: string } = {}): Promise<IngestResult> {
	const story = validateStory(input);
	const hash = contentHash(story.text);
	const canonical = story.url ? canonicalUrl(story.url) : null;
	const known = await findNewsItemByIdentity(db, { canonicalUrl: canonical, contentHash: hash });
	if (known) return { id: known.id, created: false, claims: 0 };

	const index = options.index ?? (await cachedCatalogIndex(db));
	const claims = extractClaims({ text: story.text, title: story.title, publishedAt: story.publishedAt, outlet: story.outlet ?? undefined }, index);

	const result = await db.transaction().execute(async (trx) => {
		const inserted = await trx
			.insertInto('news_items')
			.values({
				url: story.url,
				canonical_url: canonical,
				content_hash: hash,
				title: story.title,
				outlet: story.outlet,
				published_on: story.publishedAt,
				body: story.text,
				source: input.source,
				feed_id: input.feedId ?? null,
				submitted_by: input.submittedBy ?? null
			})
			.onConflict((oc) => oc.doNothing())
			.returning('id')
			.executeTakeFirst();
		if (!inserted) {
			// Another request stored the same story a moment ago.
			const raced = await findNewsItemByIdentity(trx, { canonicalUrl: canonical, contentHash: hash });
			return { id: raced!.id, created: false, claims: 0 };
		}
		const { stored, seasonIds } = await storeClaims(trx, inserted.id, claims, index);
		// The seasons this story speaks of get their estimates recomputed before it commits.
		const recomputed = await recomputeSeasons(trx, seasonIds, { newsItemId: inserted.id, asOf: options.asOf });
		return { id: inserted.id, created: true, claims: stored, changes: recomputed.changes };
	});
	// The changes are committed (they are the outbox); followers hear now rather than at the next sweep.
	if (result.created) await wakeNotifier();
	return result;
}

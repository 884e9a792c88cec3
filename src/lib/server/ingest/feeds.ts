import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { safeFetch } from './safe-fetch.ts';
import { parseFeed } from './feed.ts';
import { extractArticle } from './article.ts';
import { nextPollDelay } from './poll.ts';
import { ingestStory, InputError } from './intake.ts';

export const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/xml', 'text/xml'];
const HTML_TYPES = ['text/html', 'application/xhtml+xml'];
const BASE_MINUTES = 30;
/** How long a poller owns a feed it took; another instance may take it after that. */
const LEASE_MINUTES = 10;

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export async function addFeed(db: Kysely<DB>, rawUrl: string): Promise<{ id: number; created: boolean }> {
	const url = rawUrl.trim();
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new InputError(`not a valid feed address: "${url.slice(0, 80)}"`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError('a feed address must start with http:// or https://');
	if (url.length > 2000) throw new InputError('the feed address is longer than 2,000 characters');
	const inserted = await db.insertInto('feeds').values({ url: parsed.toString() }).onConflict((oc) => oc.column('url').doNothing()).returning('id').executeTakeFirst();
	if (inserted) return { id: inserted.id, created: true };
	const existing = await db.selectFrom('feeds').select('id').where('url', '=', parsed.toString()).executeTakeFirstOrThrow();
	return { id: existing.id, created: false };
}

export async function listFeeds(db: Kysely<DB>) {
	return db
		.selectFrom('feeds')
		.select(['id', 'url', 'title', 'last_fetched_at as lastFetchedAt', 'last_success_at as lastSuccessAt', 'next_poll_at as nextPollAt', 'consecutive_failures as consecutiveFailures', 'last_error as lastError', 'items_seen as itemsSeen'])
		.orderBy('id')
		.execute();
}

/**
 * Takes up to `limit` due feeds for this poller: a short transaction with SKIP LOCKED moves
 * their next poll past a lease, so pollers on other instances skip them meanwhile.
 */
async function takeDueFeeds(db: Kysely<DB>, now: Date, limit: number) {
	return db.transaction().execute(async (trx) => {
		const due = await trx
			.selectFrom('feeds')
			.select(['id', 'url', 'etag', 'last_modified', 'consecutive_failures'])
			.where('next_poll_at', '<=', now)
			.orderBy('next_poll_at')
			.limit(limit)
			.forUpdate()
			.skipLocked()
			.execute();
		if (due.length) {
			await trx
				.updateTable('feeds')
				.set({ next_poll_at: new Date(now.getTime() + LEASE_MINUTES * 60_000) })
				.where('id', 'in', due.map((f) => f.id))
				.execute();
		}
		return due;
	});
}

export interface PollReport {
	feedId: number;
	ok: boolean;
	notModified?: boolean;
	stored: number;
	duplicates: number;
	itemErrors: string[];
	error?: string;
}

export interface PollOptions {
	now?: Date;
	limit?: number;
	allowHosts?: string[];
	/** Stories per feed per poll, newest first. */
	maxItems?: number;
}

/** Polls one feed: conditional GET, parse, fetch each new item's article, ingest. */
export async function pollFeed(db: Kysely<DB>, feed: { id: number; url: string; etag: string | null; last_modified: string | null; consecutive_failures: number }, options: PollOptions = {}): Promise<PollReport> {
	const now = options.now ?? new Date();
	const report: PollReport = { feedId: feed.id, ok: false, stored: 0, duplicates: 0, itemErrors: [] };
	try {
		const response = await safeFetch(feed.url, {
			accept: FEED_TYPES,
			etag: feed.etag ?? undefined,
			lastModified: feed.last_modified ?? undefined,
			allowHosts: options.allowHosts
		});
		if (!response.notModified) {
			const parsed = parseFeed(response.body);
			const items = parsed.items.slice(0, options.maxItems ?? 50);
			for (const item of items) {
				try {
					let text = item.content ?? item.summary ?? '';
					let title = item.title;
					let publishedAt = item.publishedAt?.slice(0, 10);
					try {
						const page = await safeFetch(item.url, { accept: HTML_TYPES, allowHosts: options.allowHosts });
						const article = extractArticle(page.body.toString('utf8'), page.url);
						text = article.text;
						title ||= article.title;
						publishedAt ||= article.publishedAt?.slice(0, 10);
					} catch (error) {
						// The feed's own text still makes a story when it says enough.
						if (text.replace(/<[^>]+>/g, '').trim().length < 200) throw error;
						text = text.replace(/<[^>]+>/g, ' ');
					}
					const result = await ingestStory(db, {
						title,
						url: item.url,
						publishedAt: publishedAt ?? now.toISOString().slice(0, 10),
						text,
						outlet: parsed.title || null,
						source: 'feed',
						feedId: feed.id,
						submittedBy: `feed:${feed.id}`
					});
					if (result.created) report.stored++;
					else report.duplicates++;
				} catch (error) {
					report.itemErrors.push(`${item.url}: ${message(error)}`);
				}
			}
			await db
				.updateTable('feeds')
				.set({ title: parsed.title || null, items_seen: sql`items_seen + ${items.length}` })
				.where('id', '=', feed.id)
				.execute();
		}
		report.ok = true;
		report.notModified = response.notModified;
		await db
			.updateTable('feeds')
			.set({
				etag: response.etag ?? feed.etag,
				last_modified: response.lastModified ?? feed.last_modified,
				last_fetched_at: now,
				last_success_at: now,
				consecutive_failures: 0,
				last_error: report.itemErrors.length ? `${report.itemErrors.length} item(s) failed; last: ${report.itemErrors.at(-1)}` : null,
				next_poll_at: new Date(now.getTime() + BASE_MINUTES * 60_000)
			})
			.where('id', '=', feed.id)
			.execute();
	} catch (error) {
		report.error = message(error);
		const failures = feed.consecutive_failures + 1;
		await db
			.updateTable('feeds')
			.set({
				last_fetched_at: now,
				consecutive_failures: failures,
				last_error: report.error,
				next_poll_at: new Date(now.getTime() + nextPollDelay({ consecutiveFailures: failures, baseMinutes: BASE_MINUTES }) * 60_000)
			})
			.where('id', '=', feed.id)
			.execute();
	}
	return report;
}

/** Polls every feed that is due; safe to run on several instances at once. */
export async function pollDueFeeds(db: Kysely<DB>, options: PollOptions = {}): Promise<PollReport[]> {
	const now = options.now ?? new Date();
	const due = await takeDueFeeds(db, now, options.limit ?? 10);
	const reports: PollReport[] = [];
	for (const feed of due) reports.push(await pollFeed(db, feed, { ...options, now }));
	return reports;
}

/** Polls one feed at an editor's request, whether or not it is due. Undefined when there is no such feed. */
export async function pollFeedNow(db: Kysely<DB>, feedId: number, options: PollOptions = {}): Promise<PollReport | undefined> {
	const feed = await db
		.selectFrom('feeds')
		.select(['id', 'url', 'etag', 'last_modified', 'consecutive_failures'])
		.where('id', '=', feedId)
		.executeTakeFirst();
	return feed ? pollFeed(db, feed, options) : undefined;
}

/** Unsubscribes from a feed; the stories it brought stay. */
export async function removeFeed(db: Kysely<DB>, feedId: number): Promise<boolean> {
	const result = await db.deleteFrom('feeds').where('id', '=', feedId).executeTakeFirst();
	return result.numDeletedRows > 0n;
}

// The personal feeds behind secret URLs: an iCalendar of the watchlist's releases and windows, and
// an Atom feed of the user's notifications. Both are built for one user id that the caller got
// from verifyFeedToken, so a token can only ever show its own user's data.
import { addDays, format, parseISO } from 'date-fns';
import { Feed } from 'feed';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { listWatchlist } from '../repositories/watchlist.ts';
import { escapeHtml } from './html.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface FeedOptions {
	/** Base URL for links, without a trailing slash. */
	origin: string;
	now?: Date;
}

function seasonUrl(origin: string, slug: string, season: number): string {
	return `${origin}/series/${encodeURIComponent(slug)}#season-${season}`;
}

/** A calendar day as the UTC midnight ical-generator writes as DATE for all-day events. */
function day(value: string): Date {
	return new Date(`${value}T00:00:00Z`);
}

function nextDay(value: string): string {
	return format(addDays(parseISO(value), 1), 'yyyy-MM-dd');
}

/**
 * The user's watchlist as iCalendar: a dated release is an all-day event on its day; an estimated
 * window an all-day event spanning it (DTEND exclusive), labelled in the title. One event per
 * season with a stable UID, and a SEQUENCE that counts the season's estimate changes, so calendar
 * apps update the event in place when the estimate moves.
 */
export async function calendarFeed(db: Executor, userId: number, { origin, now = new Date() }: FeedOptions): Promise<string> {
	const entries = await listWatchlist(db, userId);
	const ids = entries.map((e) => e.seasonId);
	const info = new Map<number, { precision: string | null; changes: number }>();
	if (ids.length) {
		const rows = await db
			.selectFrom('seasons as s')
			.leftJoin('estimate_changes as ec', 'ec.season_id', 's.id')
			.select((eb) => ['s.id', 's.release_precision', eb.fn.count<number>('ec.id').as('changes')])
			.where('s.id', 'in', ids)
			.groupBy(['s.id', 's.release_precision'])
			.execute();
		for (const r of rows) info.set(r.id, { precision: r.release_precision, changes: Number(r.changes) });
	}
	const calendar = ical({
		name: 'Seasonwatch: your watchlist',
		description: 'Release dates and estimated release windows of the seasons you follow on Seasonwatch.',
		prodId: { company: 'Seasonwatch', product: 'watchlist', language: 'EN' },
		method: ICalCalendarMethod.PUBLISH,
		ttl: 6 * 60 * 60,
		url: `${origin}/watchlist`
	});
	for (const e of entries) {
		const extra = info.get(e.seasonId);
		const name = `${e.seriesTitle} season ${e.season}`;
		const url = seasonUrl(origin, e.seriesSlug, e.season);
		const dated = e.releaseDate && extra?.precision === 'day' ? e.releaseDate : e.estimate && e.estimate.from === e.estimate.to ? e.estimate.from : null;
		let summary: string;
		let first: string;
		let last: string;
		let description: string;
		if (dated) {
			summary = e.status === 'released' ? `${name} (released)` : `${name} premieres`;
			first = last = dated;
			description = `${name} is out on ${dated}.`;
		} else if (e.estimate) {
			summary = `${name} (expected ${e.estimate.label || `${e.estimate.from} – ${e.estimate.to}`})`;
			first = e.estimate.from;
			last = e.estimate.to;
			description = `Seasonwatch's estimate: ${e.estimate.label}, most likely around ${e.estimate.likely} (${Math.round(e.estimate.confidence * 100)}% confidence). The window moves as news comes in.`;
		} else {
			continue; // no date and no estimate: nothing to put in a calendar
		}
		calendar.createEvent({
			id: `season-${e.seasonId}@seasonwatch`,
			sequence: extra?.changes ?? 0,
			allDay: true,
			start: day(first),
			end: day(nextDay(last)),
			stamp: e.latestChange?.createdAt ?? now,
			summary,
			description: `${description}\n${url}`,
			url
		});
	}
	return calendar.toString();
}

interface FeedNotification {
	id: number;
	title: string;
	body: string;
	createdAt: Date;
	newsItemId: number | null;
	seriesSlug: string;
	season: number;
}

/** The user's newest delivered notifications, for the Atom feed. */
async function recentNotifications(db: Executor, userId: number, now: Date, limit: number): Promise<FeedNotification[]> {
	const rows = await db
		.selectFrom('notifications as n')
		.innerJoin('seasons as s', 's.id', 'n.season_id')
		.innerJoin('series as sr', 'sr.id', 's.series_id')
		.select(['n.id', 'n.title', 'n.body', 'n.created_at', 'n.news_item_id', 'sr.slug', 's.number'])
		.where('n.user_id', '=', userId)
		.where('n.deliver_at', '<=', now)
		.orderBy('n.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: Number(r.id),
		title: r.title,
		body: r.body,
		createdAt: r.created_at,
		newsItemId: r.news_item_id,
		seriesSlug: r.slug,
		season: r.number
	}));
}

export const ATOM_ENTRIES = 50;

/** The user's notifications as Atom, newest first (at most 50). `selfUrl` is the feed's own URL. */
export async function atomFeed(db: Executor, userId: number, { origin, now = new Date(), selfUrl }: FeedOptions & { selfUrl: string }): Promise<string> {
	const items = await recentNotifications(db, userId, now, ATOM_ENTRIES);
	const feed = new Feed({
		id: `${origin}/feeds/atom/user-${userId}`,
		title: 'Seasonwatch: your notifications',
		description: 'What changed for the seasons you follow.',
		link: `${origin}/watchlist`,
		updated: items[0]?.createdAt ?? new Date(0),
		generator: 'Seasonwatch',
		feedLinks: { atom: selfUrl },
		copyright: 'Seasonwatch'
	});
	for (const n of items) {
		const link = seasonUrl(origin, n.seriesSlug, n.season);
		const story = n.newsItemId !== null ? `${origin}/news/${n.newsItemId}` : null;
		// The feed library writes title, summary and content as type="html": plain text is escaped first.
		const summary = escapeHtml(n.body || n.title);
		feed.addItem({
			id: `${origin}/notifications/${n.id}`,
			title: escapeHtml(n.title),
			link,
			date: n.createdAt,
			published: n.createdAt,
			description: summary,
			content:
				`<p>${summary}</p><p><a href="${escapeHtml(link)}">Season page</a>` +
				(story ? ` · <a href="${escapeHtml(story)}">The story</a>` : '') +
				`</p>`
		});
	}
	return feed.atom1();
}

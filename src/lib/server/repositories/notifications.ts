import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, EmailMode } from '../db/types.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notifications.ts';
import { DEFAULT_QUIET_MINUTES } from '../notify/fanout.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface InboxItem {
	id: number;
	kind: string;
	title: string;
	body: string;
	createdAt: Date;
	read: boolean;
	seriesSlug: string;
	season: number;
	story: { id: number; title: string } | null;
}

/** The user's delivered notifications, newest first (held ones wait out the quiet period). */
export async function listInbox(db: Executor, userId: number, { page, perPage }: { page: number; perPage: number }): Promise<{ items: InboxItem[]; total: number }> {
	const [rows, count] = await Promise.all([
		db
			.selectFrom('notifications as n')
			.innerJoin('seasons as s', 's.id', 'n.season_id')
			.innerJoin('series as sr', 'sr.id', 's.series_id')
			.leftJoin('news_items as ni', 'ni.id', 'n.news_item_id')
			.select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.created_at', 'n.read_at', 'sr.slug', 's.number', 'ni.id as story_id', 'ni.title as story_title'])
			.where('n.user_id', '=', userId)
			.where('n.deliver_at', '<=', sql<Date>`now()`)
			.orderBy('n.id', 'desc')
			.limit(perPage)
			.offset((page - 1) * perPage)
			.execute(),
		db
			.selectFrom('notifications')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('user_id', '=', userId)
			.where('deliver_at', '<=', sql<Date>`now()`)
			.executeTakeFirstOrThrow()
	]);
	return {
		items: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			title: r.title,
			body: r.body,
			createdAt: r.created_at,
			read: r.read_at !== null,
			seriesSlug: r.slug,
			season: r.number,
			story: r.story_id !== null ? { id: r.story_id, title: r.story_title ?? '' } : null
		})),
		total: Number(count.n)
	};
}

/** Unread and delivered: the number on the inbox link. */
export async function unreadCount(db: Executor, userId: number): Promise<number> {
	const row = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.where('deliver_at', '<=', sql<Date>`now()`)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Marks the user's own notifications read: the given ids, or all delivered ones. Others' ids are ignored. */
export async function markRead(db: Executor, userId: number, ids: number[] | 'all'): Promise<number> {
	if (ids !== 'all' && ids.length === 0) return 0;
	let query = db
		.updateTable('notifications')
		.set({ read_at: new Date() })
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.where('deliver_at', '<=', sql<Date>`now()`);
	if (ids !== 'all') query = query.where('id', 'in', ids);
	const result = await query.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

export interface NotificationSettings {
	kinds: NotificationKind[];
	emailMode: EmailMode;
	quietMinutes: number;
}

export const DEFAULT_SETTINGS: NotificationSettings = {
	kinds: [...NOTIFICATION_KINDS],
	emailMode: 'never',
	quietMinutes: DEFAULT_QUIET_MINUTES
};

export async function getSettings(db: Executor, userId: number): Promise<NotificationSettings> {
	const row = await db.selectFrom('notification_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
	if (!row) return { ...DEFAULT_SETTINGS, kinds: [...DEFAULT_SETTINGS.kinds] };
	return { kinds: row.kinds.filter((k): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k)), emailMode: row.email_mode, quietMinutes: row.quiet_minutes };
}

export async function saveSettings(db: Executor, userId: number, settings: NotificationSettings): Promise<void> {
	const values = { kinds: settings.kinds, email_mode: settings.emailMode, quiet_minutes: settings.quietMinutes, updated_at: new Date() };
	await db
		.insertInto('notification_settings')
		.values({ user_id: userId, ...values })
		.onConflict((oc) => oc.column('user_id').doUpdateSet(values))
		.execute();
}

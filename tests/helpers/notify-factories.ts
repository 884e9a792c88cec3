import type { Database } from '../../src/lib/server/db/index.ts';
import type { EmailMode } from '../../src/lib/server/db/types.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';

let counter = 0;

/** A series with seasons, inserted directly: `{ number, releaseDate?, precision?, status? }`. */
export async function makeSeries(
	db: Database,
	title: string,
	slug: string,
	seasons: { number: number; releaseDate?: string | null; precision?: 'day' | 'month' | 'year' | null; status?: 'announced' | 'filming' | 'dated' | 'released' }[]
): Promise<{ seriesId: number; seasonIds: Record<number, number> }> {
	const series = await db.insertInto('series').values({ slug, title, network_id: null, status: 'returning' }).returning('id').executeTakeFirstOrThrow();
	const seasonIds: Record<number, number> = {};
	for (const s of seasons) {
		const row = await db
			.insertInto('seasons')
			.values({
				series_id: series.id,
				number: s.number,
				episode_count: null,
				release_date: s.releaseDate ?? null,
				release_precision: s.precision ?? (s.releaseDate ? 'day' : null),
				status: s.status ?? 'filming'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		seasonIds[s.number] = row.id;
	}
	return { seriesId: series.id, seasonIds };
}

export async function makeUser(db: Database, mode?: EmailMode): Promise<{ id: number; email: string }> {
	const user = await createUser(db, { email: `fan${++counter}-${Date.now().toString(36)}@example.com`, password: 'a long enough password' });
	if (mode) await db.insertInto('notification_settings').values({ user_id: user.id, kinds: [], email_mode: mode }).execute();
	return user;
}

export async function makeNotification(
	db: Database,
	userId: number,
	seasonId: number,
	n: { kind?: string; title: string; body?: string; before?: object | null; after?: object | null; newsItemId?: number | null; deliverAt?: Date; readAt?: Date | null; createdAt?: Date }
): Promise<number> {
	const row = await db
		.insertInto('notifications')
		.values({
			user_id: userId,
			season_id: seasonId,
			kind: n.kind ?? 'narrowed',
			title: n.title,
			body: n.body ?? '',
			before: n.before ? JSON.stringify(n.before) : null,
			after: n.after ? JSON.stringify(n.after) : null,
			news_item_id: n.newsItemId ?? null,
			deliver_at: n.deliverAt ?? new Date(Date.now() - 60_000),
			read_at: n.readAt ?? null,
			created_at: n.createdAt
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

export async function makeNewsItem(db: Database, title: string): Promise<number> {
	const row = await db
		.insertInto('news_items')
		.values({ url: null, canonical_url: null, content_hash: `hash-${++counter}-${Math.random()}`, title, outlet: 'Test Outlet', published_on: '2018-03-01', body: title, source: 'form' })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeNotification, makeSeries, makeUser } from '../helpers/notify-factories.ts';
import { follow } from '../../src/lib/server/repositories/watchlist.ts';
import {
	createFeedToken,
	listFeedTokens,
	regenerateFeedToken,
	revokeFeedToken,
	verifyFeedToken
} from '../../src/lib/server/repositories/feed-tokens.ts';
import { atomFeed, calendarFeed } from '../../src/lib/server/notify/feeds.ts';

let t: TestDatabase;
const ORIGIN = 'https://seasonwatch.test';
let fan: { id: number };
let other: { id: number };
let season2: number;
let season3: number;

/** The ICS text unfolded (RFC 5545 folds lines at 75 octets) and split into events by UID. */
function events(ics: string): Map<string, string> {
	const unfolded = ics.replace(/\r\n[ \t]/g, '');
	const map = new Map<string, string>();
	for (const block of unfolded.split('BEGIN:VEVENT').slice(1)) {
		const uid = block.match(/^UID:(.+)$/m)?.[1].trim();
		if (uid) map.set(uid, block.split('END:VEVENT')[0]);
	}
	return map;
}

function prop(block: string, name: string): string | undefined {
	return block.match(new RegExp(`^${name}([;:].*)$`, 'm'))?.[1].trim();
}

beforeAll(async () => {
	t = await freshDatabase();
	const luke = await makeSeries(t.db, 'Luke Cage', 'luke-cage', [
		{ number: 1, releaseDate: '2016-09-30', status: 'released' },
		{ number: 2, releaseDate: '2018-06-22', precision: 'day', status: 'dated' },
		{ number: 3, status: 'filming' }
	]);
	season2 = luke.seasonIds[2];
	season3 = luke.seasonIds[3];
	await makeSeries(t.db, 'Jessica Jones', 'jessica-jones', [{ number: 3, status: 'filming' }]);
	await t.db
		.insertInto('estimates')
		.values({
			season_id: season3,
			window_from: '2019-06-01',
			window_to: '2019-06-30',
			likely: '2019-06-14',
			confidence: 0.7,
			precision: 'month',
			label: 'June 2019',
			basis: 'claims',
			reasons: '[]',
			conflicts: '[]'
		})
		.execute();
	fan = await makeUser(t.db);
	other = await makeUser(t.db);
	await follow(t.db, fan.id, { seriesSlug: 'luke-cage' });
	await follow(t.db, other.id, { seriesSlug: 'jessica-jones' });
});
afterAll(async () => {
	await t?.drop();
});

describe(`personal feeds on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('creates, verifies, regenerates and revokes secret feed tokens, storing only a hash', async () => {
		const { token } = await createFeedToken(t.db, fan.id, 'calendar');
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(await verifyFeedToken(t.db, token, 'calendar')).toEqual({ userId: fan.id });
		expect(await verifyFeedToken(t.db, token, 'atom')).toBeNull();
		expect(await verifyFeedToken(t.db, token.toUpperCase(), 'calendar')).toBeNull();
		expect(await verifyFeedToken(t.db, `${token}x`, 'calendar')).toBeNull();
		expect(await verifyFeedToken(t.db, 'a'.repeat(32), 'calendar')).toBeNull();
		expect(await verifyFeedToken(t.db, '', 'calendar')).toBeNull();
		const stored = await t.db.selectFrom('feed_tokens').select('token_hash').execute();
		expect(stored).toHaveLength(1);
		expect(Buffer.from(stored[0].token_hash).toString('latin1')).not.toContain(token);
		expect(Buffer.from(stored[0].token_hash)).toHaveLength(32);
		expect((await listFeedTokens(t.db, fan.id)).map((f) => f.kind)).toEqual(['calendar']);
		expect(await listFeedTokens(t.db, other.id)).toEqual([]);

		const { token: renewed } = await regenerateFeedToken(t.db, fan.id, 'calendar');
		expect(renewed).not.toBe(token);
		expect(await verifyFeedToken(t.db, token, 'calendar')).toBeNull();
		expect(await verifyFeedToken(t.db, renewed, 'calendar')).toEqual({ userId: fan.id });
		expect(await listFeedTokens(t.db, fan.id)).toHaveLength(1);

		// Another user's revoke touches only their own tokens.
		expect(await revokeFeedToken(t.db, other.id, 'calendar')).toBe(false);
		expect(await verifyFeedToken(t.db, renewed, 'calendar')).toEqual({ userId: fan.id });
		expect(await revokeFeedToken(t.db, fan.id, 'calendar')).toBe(true);
		expect(await verifyFeedToken(t.db, renewed, 'calendar')).toBeNull();
		expect(await revokeFeedToken(t.db, fan.id, 'calendar')).toBe(false);
		expect(await listFeedTokens(t.db, fan.id)).toEqual([]);
	});

	it('gives each token its own user only', async () => {
		const mine = (await createFeedToken(t.db, fan.id, 'calendar')).token;
		const theirs = (await createFeedToken(t.db, other.id, 'calendar')).token;
		expect((await verifyFeedToken(t.db, mine, 'calendar'))!.userId).toBe(fan.id);
		expect((await verifyFeedToken(t.db, theirs, 'calendar'))!.userId).toBe(other.id);
		const theirCalendar = await calendarFeed(t.db, (await verifyFeedToken(t.db, theirs, 'calendar'))!.userId, { origin: ORIGIN });
		expect(theirCalendar).not.toContain('Luke Cage');
		expect(theirCalendar).toContain('BEGIN:VCALENDAR');
	});

	it('writes dated releases and estimated windows as all-day events with stable UIDs', async () => {
		const ics = await calendarFeed(t.db, fan.id, { origin: ORIGIN });
		expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		const byUid = events(ics);
		// Season 1 is out and followed only through the series: not on the calendar.
		expect([...byUid.keys()].sort()).toEqual([`season-${season2}@seasonwatch`, `season-${season3}@seasonwatch`].sort());

		const dated = byUid.get(`season-${season2}@seasonwatch`)!;
		expect(prop(dated, 'DTSTART')).toBe(';VALUE=DATE:20180622');
		expect(prop(dated, 'DTEND')).toBe(';VALUE=DATE:20180623');
		expect(prop(dated, 'SUMMARY')).toBe(':Luke Cage season 2 premieres');
		expect(prop(dated, 'URL')).toContain(`${ORIGIN}/series/luke-cage#season-2`);
		expect(prop(dated, 'SEQUENCE')).toBe(':0');

		const window = byUid.get(`season-${season3}@seasonwatch`)!;
		expect(prop(window, 'DTSTART')).toBe(';VALUE=DATE:20190601');
		// End is exclusive: the window's last day is 30 June.
		expect(prop(window, 'DTEND')).toBe(';VALUE=DATE:20190701');
		expect(prop(window, 'SUMMARY')).toBe(':Luke Cage season 3 (expected June 2019)');
		expect(prop(window, 'URL')).toContain(`${ORIGIN}/series/luke-cage#season-3`);
		expect(prop(window, 'SEQUENCE')).toBe(':0');
	});

	it('raises SEQUENCE when the estimate changes and keeps the UID', async () => {
		await t.db
			.insertInto('estimate_changes')
			.values({ season_id: season3, reason: 'slipped', before: JSON.stringify({ label: 'June 2019' }), after: JSON.stringify({ label: 'July 2019' }) })
			.execute();
		await t.db.updateTable('estimates').set({ window_from: '2019-07-01', window_to: '2019-07-31', likely: '2019-07-15', label: 'July 2019' }).where('season_id', '=', season3).execute();
		const byUid = events(await calendarFeed(t.db, fan.id, { origin: ORIGIN }));
		const window = byUid.get(`season-${season3}@seasonwatch`)!;
		expect(prop(window, 'SEQUENCE')).toBe(':1');
		expect(prop(window, 'SUMMARY')).toBe(':Luke Cage season 3 (expected July 2019)');
		expect(prop(window, 'DTSTART')).toBe(';VALUE=DATE:20190701');
		expect(prop(window, 'DTEND')).toBe(';VALUE=DATE:20190801');
		expect(prop(byUid.get(`season-${season2}@seasonwatch`)!, 'SEQUENCE')).toBe(':0');
	});

	it('writes the user’s own notifications as Atom, newest 50, escaped', async () => {
		for (let i = 1; i <= 55; i++) {
			await makeNotification(t.db, fan.id, season3, { title: `Luke Cage season 3: change ${i}`, body: `Body ${i}`, createdAt: new Date(Date.UTC(2019, 0, 1, 0, i)) });
		}
		await makeNotification(t.db, fan.id, season3, { title: 'Luke Cage season 3: <script>alert(1)</script> & co', body: 'x < y', createdAt: new Date(Date.UTC(2019, 0, 2)) });
		await makeNotification(t.db, fan.id, season3, { title: 'Luke Cage season 3: not delivered yet', deliverAt: new Date(Date.now() + 3_600_000) });
		await makeNotification(t.db, other.id, season3, { title: 'For the other user only' });
		const atom = await atomFeed(t.db, fan.id, { origin: ORIGIN, selfUrl: `${ORIGIN}/feeds/atom/secret` });
		expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
		const entries = atom.split('<entry>').slice(1);
		expect(entries).toHaveLength(50);
		expect(entries[0]).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
		expect(atom).not.toContain('<script>');
		expect(entries[0]).toContain(`href="${ORIGIN}/series/luke-cage#season-3"`);
		expect(entries[0]).toMatch(/<updated>2019-01-02T00:00:00\.000Z<\/updated>/);
		expect(entries[1]).toContain('change 55');
		expect(atom).toMatch(/change 7\]\]>/);
		expect(atom).not.toMatch(/change [1-6]\]\]>/);
		expect(atom).not.toContain('not delivered yet');
		expect(atom).not.toContain('For the other user only');

		const theirs = await atomFeed(t.db, other.id, { origin: ORIGIN, selfUrl: `${ORIGIN}/feeds/atom/other` });
		expect(theirs).toContain('For the other user only');
		expect(theirs).not.toContain('Luke Cage season 3: change');
	});
});

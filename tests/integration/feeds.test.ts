import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedDemoCatalog } from '../../src/lib/server/demo/index.ts';
import { invalidateCatalogIndex } from '../../src/lib/server/ingest/catalog-index.ts';
import { addFeed, listFeeds, pollDueFeeds, pollFeedNow } from '../../src/lib/server/ingest/feeds.ts';

const SEED = readFileSync('tests/fixtures/stories/luke-cage-s2-production.txt', 'utf8');
const paragraphs = SEED.split('\n\n').slice(1).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
const ARTICLE = `<!doctype html><html><head><title>Luke Cage Season 2 Begins Production</title>
<meta property="article:published_time" content="2017-06-20T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/tv">TV</a> Subscribe to our newsletter</nav>
<article><h1>Luke Cage Season 2 Begins Production</h1>${paragraphs}</article>
<footer>© 2017 Comic Book Resources. All rights reserved.</footer></body></html>`;

let feedRequests = 0;
let conditionalHits = 0;
const routes: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void> = {
	'/feed.xml': (req, res) => {
		feedRequests++;
		if (req.headers['if-none-match'] === '"v1"') {
			conditionalHits++;
			res.writeHead(304).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
		res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>CBR TV</title>
<item><title>Luke Cage Season 2 Begins Production</title><link>${base}/luke-cage-s2?utm_source=rss</link><pubDate>Tue, 20 Jun 2017 10:00:00 GMT</pubDate></item>
</channel></rss>`);
	},
	'/luke-cage-s2': (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
	},
	'/html-page': (_req, res) => {
		res.writeHead(200, { 'content-type': 'text/xml' }).end('<!DOCTYPE html><html><body>Not a feed</body></html>');
	},
	'/truncated.xml': (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title><item><title>Half');
	},
	'/bomb.xml': (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><title>&lol3;</title></channel></rss>`);
	},
	'/loop-a': (_req, res) => {
		res.writeHead(302, { location: '/loop-b' }).end();
	},
	'/loop-b': (_req, res) => {
		res.writeHead(302, { location: '/loop-a' }).end();
	},
	'/to-private': (_req, res) => {
		res.writeHead(302, { location: 'http://10.0.0.7/feed.xml' }).end();
	}
};

let server: Server;
let base = '';
let allowHosts: string[] = [];
let t: TestDatabase;

beforeAll(async () => {
	server = createServer((req, res) => {
		const handler = routes[new URL(req.url ?? '/', 'http://x').pathname];
		if (handler) handler(req, res);
		else res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	base = `http://127.0.0.1:${port}`;
	allowHosts = [`127.0.0.1:${port}`];
	t = await freshDatabase();
	await seedDemoCatalog(t.db);
	invalidateCatalogIndex();
});
afterAll(async () => {
	server?.close();
	await t?.drop();
});

const feedRow = async (id: number) => (await listFeeds(t.db)).find((f) => f.id === id)!;

describe(`feed subscriptions on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('polls a feed, reads the linked article without its page furniture, and extracts claims', async () => {
		const { id } = await addFeed(t.db, `${base}/feed.xml`);
		const report = await pollFeedNow(t.db, id, { allowHosts });
		expect(report).toMatchObject({ ok: true, stored: 1, itemErrors: [] });
		const item = await t.db.selectFrom('news_items').selectAll().where('feed_id', '=', id).executeTakeFirstOrThrow();
		expect(item.title).toBe('Luke Cage Season 2 Begins Production');
		expect(item.outlet).toBe('CBR TV');
		expect(item.canonical_url).not.toContain('utm_source');
		expect(item.body).toContain('kicked off production this past week');
		expect(item.body).not.toContain('Subscribe to our newsletter');
		expect(item.body).not.toContain('All rights reserved');
		const claims = await t.db.selectFrom('claims').select(['kind', 'quote']).where('news_item_id', '=', item.id).execute();
		expect(claims.some((c) => c.quote.includes('sometime in 2018'))).toBe(true);
		expect((await feedRow(id)).title).toBe('CBR TV');
	});

	it('asks again with the ETag and stores nothing twice', async () => {
		const { id } = await addFeed(t.db, `${base}/feed.xml`);
		const before = conditionalHits;
		const report = await pollFeedNow(t.db, id, { allowHosts });
		expect(report).toMatchObject({ ok: true, notModified: true, stored: 0 });
		expect(conditionalHits).toBe(before + 1);
		expect(Number((await t.db.selectFrom('news_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
	});

	it.each([
		['/html-page', /HTML page, not an RSS or Atom feed/],
		['/truncated.xml', /not well-formed XML/],
		['/bomb.xml', /DOCTYPE or entities; refused/],
		['/loop-a', /too many redirects/],
		['/to-private', /private address/]
	])('shows an editor why %s failed, backs off, and keeps what was stored', async (path, reason) => {
		const { id } = await addFeed(t.db, `${base}${path}`);
		const storiesBefore = await t.db.selectFrom('news_items').select('id').execute();
		const first = await pollFeedNow(t.db, id, { allowHosts, now: new Date('2026-01-01T00:00:00Z') });
		expect(first?.ok).toBe(false);
		expect(first?.error).toMatch(reason);
		const row = await feedRow(id);
		expect(row.lastError).toMatch(reason);
		expect(row.consecutiveFailures).toBe(1);
		await pollFeedNow(t.db, id, { allowHosts, now: new Date('2026-01-01T01:00:00Z') });
		const again = await feedRow(id);
		expect(again.consecutiveFailures).toBe(2);
		// Each failure waits longer before the next try.
		const firstWait = new Date(row.nextPollAt!).getTime() - Date.parse('2026-01-01T00:00:00Z');
		const secondWait = new Date(again.nextPollAt!).getTime() - Date.parse('2026-01-01T01:00:00Z');
		expect(secondWait).toBeGreaterThan(firstWait);
		expect(await t.db.selectFrom('news_items').select('id').execute()).toEqual(storiesBefore);
	});

	it('refuses a loopback feed when it is not explicitly allowed', async () => {
		const { id } = await addFeed(t.db, `${base}/feed.xml?again=1`);
		const report = await pollFeedNow(t.db, id, { allowHosts: [] });
		expect(report?.ok).toBe(false);
		expect(report?.error).toMatch(/private address/);
	});

	it('polls only feeds that are due', async () => {
		const requests = feedRequests;
		const reports = await pollDueFeeds(t.db, { allowHosts, now: new Date('2000-01-01T00:00:00Z') });
		expect(reports).toEqual([]);
		expect(feedRequests).toBe(requests);
	});
});

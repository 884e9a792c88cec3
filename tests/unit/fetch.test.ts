import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, decodeStoryText, contentHash, canonicalUrl } from '../../src/lib/server/ingest/text.ts';
import { FetchError, safeFetch, allowHostsFromEnv } from '../../src/lib/server/ingest/safe-fetch.ts';
import { parseFeed } from '../../src/lib/server/ingest/feed.ts';
import { extractArticle } from '../../src/lib/server/ingest/article.ts';
import { nextPollDelay } from '../../src/lib/server/ingest/poll.ts';

async function failure(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (err) {
		return err as Error;
	}
	throw new Error('expected a failure');
}

function thrown(fn: () => unknown): Error {
	try {
		fn();
	} catch (err) {
		return err as Error;
	}
	throw new Error('expected a failure');
}

describe('decodeStoryText', () => {
	it('strips a BOM and normalises line endings', () => {
		const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Line one\r\nLine two\rLine three  \n\n')]);
		expect(decodeStoryText(buf)).toBe('Line one\nLine two\nLine three');
		expect(decodeStoryText('\uFEFFhello\r\nworld')).toBe('hello\nworld');
	});

	it('normalises to NFC', () => {
		expect(decodeStoryText('Cafe\u0301')).toBe('Caf\u00e9');
	});

	it('refuses non-UTF-8 bytes', () => {
		const latin1 = Buffer.from('Pok\xe9mon returns for a new season', 'latin1');
		const err = thrown(() => decodeStoryText(latin1));
		expect(err).toBeInstanceOf(InputError);
		expect(err.message).toBe('the text is not valid UTF-8');
	});

	it('refuses binary input', () => {
		expect(() => decodeStoryText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]))).toThrow('the text looks binary, not text');
		const controls = Buffer.from('ab\x01\x02\x03\x04cd', 'latin1');
		expect(() => decodeStoryText(controls)).toThrow('the text looks binary, not text');
		expect(() => decodeStoryText('abc\u0000def')).toThrow('the text looks binary, not text');
	});

	it('refuses more than 1 MB', () => {
		const big = Buffer.alloc(1_000_001, 0x61);
		expect(() => decodeStoryText(big)).toThrow('the text is 1000001 bytes; at most 1 MB');
		expect(() => decodeStoryText('a'.repeat(1_000_001))).toThrow(InputError);
		expect(decodeStoryText('a'.repeat(1_000_000))).toHaveLength(1_000_000);
	});

	it('refuses empty text', () => {
		expect(() => decodeStoryText('   \n\t ')).toThrow('the text is empty');
		expect(() => decodeStoryText(Buffer.from([0xef, 0xbb, 0xbf]))).toThrow('the text is empty');
	});
});

describe('contentHash and canonicalUrl', () => {
	it('hashes equal under whitespace and case changes', () => {
		const a = contentHash('The Bear  season 4\nis filming.');
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(contentHash('  the bear season 4 is\t filming. ')).toBe(a);
		expect(contentHash('The Bear season 5 is filming.')).not.toBe(a);
	});

	it('strips tracking parameters, fragments, default ports and trailing slashes', () => {
		expect(canonicalUrl('https://WWW.Example.com:443/news/story/?utm_source=x&b=2&fbclid=abc&a=1#comments')).toBe(
			'https://www.example.com/news/story?a=1&b=2'
		);
		expect(canonicalUrl('http://example.com:80/?utm_medium=email')).toBe('http://example.com/');
		expect(canonicalUrl('http://example.com:8080/a?ref=home&gclid=1&mc_cid=2&mc_eid=3')).toBe('http://example.com:8080/a');
	});
});

describe('allowHostsFromEnv', () => {
	it('splits, trims and lower-cases', () => {
		expect(allowHostsFromEnv({ FETCH_ALLOW_HOSTS: ' LocalHost:8080, ,127.0.0.1 ' })).toEqual(['localhost:8080', '127.0.0.1']);
		expect(allowHostsFromEnv({})).toEqual([]);
	});
});

describe('safeFetch', () => {
	let server: http.Server;
	let port = 0;
	let base = '';
	let hits = 0;

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			hits++;
			const path = req.url ?? '/';
			if (path === '/feed') {
				if (req.headers['if-none-match'] === '"v1"') {
					res.writeHead(304, { etag: '"v1"' });
					res.end();
					return;
				}
				res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
				res.end(`<rss><channel><title>ua=${req.headers['user-agent']}</title></channel></rss>`);
			} else if (path === '/loop-a') {
				res.writeHead(302, { location: '/loop-b' });
				res.end();
			} else if (path === '/loop-b') {
				res.writeHead(301, { location: `http://127.0.0.1:${port}/loop-a` });
				res.end();
			} else if (path === '/hop') {
				res.writeHead(307, { location: '/feed' });
				res.end();
			} else if (path === '/big') {
				res.writeHead(200, { 'content-type': 'text/plain' });
				const chunk = Buffer.alloc(16_384, 0x61);
				let sent = 0;
				const pump = () => {
					while (sent < 200 && res.write(chunk)) sent++;
					if (sent < 200) res.once('drain', pump);
					else res.end();
				};
				pump();
			} else if (path === '/hang') {
				// Never answer.
			} else if (path === '/html') {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end('<html></html>');
			} else if (path === '/to-private') {
				res.writeHead(302, { location: 'http://10.0.0.1/' });
				res.end();
			} else if (path === '/missing') {
				res.writeHead(404, { 'content-type': 'text/plain' });
				res.end('nope');
			} else {
				res.writeHead(200, { 'content-type': 'text/plain' });
				res.end('ok');
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
		base = `http://127.0.0.1:${port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('refuses a host that resolves to a private address', async () => {
		const before = hits;
		const err = await failure(safeFetch(`${base}/feed`));
		expect(err).toBeInstanceOf(FetchError);
		expect(err).toBeInstanceOf(InputError);
		expect(err.message).toBe('refused: 127.0.0.1 resolves to a private address (127.0.0.1)');
		expect(hits).toBe(before);
	});

	it('refuses localhost and IPv4-mapped IPv6 addresses', async () => {
		expect((await failure(safeFetch(`http://localhost:${port}/`))).message).toMatch(/^refused: localhost resolves to a private address/);
		expect((await failure(safeFetch('http://[::ffff:127.0.0.1]/'))).message).toMatch(/private address/);
		expect((await failure(safeFetch('http://169.254.169.254/latest/meta-data/'))).message).toMatch(/private address/);
	});

	it('fetches an allowed host, by host:port or by host', async () => {
		const res = await safeFetch(`${base}/feed`, { allowHosts: [`127.0.0.1:${port}`], accept: ['application/rss+xml'] });
		expect(res.status).toBe(200);
		expect(res.notModified).toBe(false);
		expect(res.url).toBe(`${base}/feed`);
		expect(res.etag).toBe('"v1"');
		expect(res.lastModified).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
		expect(res.contentType).toBe('application/rss+xml; charset=utf-8');
		expect(res.body.toString()).toContain('ua=Seasonwatch/0.1 (+https://seasonwatch.example)');
		const again = await safeFetch(`${base}/`, { allowHosts: ['127.0.0.1'] });
		expect(again.body.toString()).toBe('ok');
	});

	it('does not allow a different port of an allowed host:port', async () => {
		const err = await failure(safeFetch(`http://127.0.0.1:1/`, { allowHosts: [`127.0.0.1:${port}`] }));
		expect(err.message).toMatch(/private address/);
	});

	it('returns notModified on 304', async () => {
		const res = await safeFetch(`${base}/feed`, { allowHosts: ['127.0.0.1'], etag: '"v1"' });
		expect(res.status).toBe(304);
		expect(res.notModified).toBe(true);
		expect(res.body.length).toBe(0);
		expect(res.etag).toBe('"v1"');
	});

	it('follows redirects and reports the final url', async () => {
		const res = await safeFetch(`${base}/hop`, { allowHosts: ['127.0.0.1'] });
		expect(res.url).toBe(`${base}/feed`);
		expect(res.status).toBe(200);
	});

	it('stops a redirect loop', async () => {
		const err = await failure(safeFetch(`${base}/loop-a`, { allowHosts: ['127.0.0.1'] }));
		expect(err).toBeInstanceOf(FetchError);
		expect(err.message).toBe('too many redirects');
		const limited = await failure(safeFetch(`${base}/hop`, { allowHosts: ['127.0.0.1'], maxRedirects: 0 }));
		expect(limited.message).toBe('too many redirects');
	});

	it('caps the body size', async () => {
		const err = await failure(safeFetch(`${base}/big`, { allowHosts: ['127.0.0.1'], maxBytes: 100_000 }));
		expect(err).toBeInstanceOf(FetchError);
		expect(err.message).toBe('the response is larger than 100000 bytes');
	});

	it('times out when the server never answers', async () => {
		const started = Date.now();
		const err = await failure(safeFetch(`${base}/hang`, { allowHosts: ['127.0.0.1'], timeoutMs: 300 }));
		expect(err).toBeInstanceOf(FetchError);
		expect(err.message).toBe('timed out after 300 ms');
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('refuses an unexpected content type', async () => {
		const err = await failure(safeFetch(`${base}/html`, { allowHosts: ['127.0.0.1'], accept: ['application/rss+xml', 'application/atom+xml'] }));
		expect(err.message).toBe('expected application/rss+xml or application/atom+xml, got text/html');
	});

	it('reports HTTP errors', async () => {
		const err = await failure(safeFetch(`${base}/missing`, { allowHosts: ['127.0.0.1'] }));
		expect(err.message).toBe('the server answered HTTP 404');
	});

	it('re-checks redirect targets', async () => {
		const err = await failure(safeFetch(`${base}/to-private`, { allowHosts: [`127.0.0.1:${port}`] }));
		expect(err).toBeInstanceOf(FetchError);
		expect(err.message).toBe('refused: 10.0.0.1 resolves to a private address (10.0.0.1)');
	});

	it('refuses non-http schemes', async () => {
		const err = await failure(safeFetch('file:///etc/passwd'));
		expect(err).toBeInstanceOf(FetchError);
		expect(err.message).toBe('only http and https addresses can be fetched');
		expect((await failure(safeFetch('ftp://example.com/x'))).message).toBe('only http and https addresses can be fetched');
	});

	it('explains connection failures plainly', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const closedPort = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const err = await failure(safeFetch(`http://127.0.0.1:${closedPort}/`, { allowHosts: ['127.0.0.1'] }));
		expect(err).toBeInstanceOf(FetchError);
		expect(err.message).toBe('could not connect to 127.0.0.1: ECONNREFUSED');
	});
});

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
	<title>TV News &amp; Notes</title>
	<link>https://tv.example.com/</link>
	<item>
		<title>Severance season 3 starts filming</title>
		<link>https://tv.example.com/severance-3?utm_source=rss</link>
		<pubDate>Tue, 10 Jun 2025 14:00:00 GMT</pubDate>
		<description>Cameras roll &lt;b&gt;this week&lt;/b&gt; &#8212; finally.</description>
		<content:encoded><![CDATA[<p>Production on <em>Severance</em> &amp; more.</p>]]></content:encoded>
	</item>
	<item>
		<title>No link here</title>
		<description>skipped</description>
	</item>
	<item>
		<title>Guid only</title>
		<guid isPermaLink="true">https://tv.example.com/guid-story</guid>
	</item>
	<item>
		<title>Guid not a permalink</title>
		<guid isPermaLink="false">tag:tv.example.com,2025:1</guid>
	</item>
	<item>
		<title>Bad scheme</title>
		<link>javascript:alert(1)</link>
	</item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
	<title type="text">Renewals</title>
	<link rel="self" href="https://renew.example.org/atom.xml"/>
	<link href="https://renew.example.org/"/>
	<entry>
		<title type="html">The Bear &amp;amp; friends renewed</title>
		<link rel="self" href="https://renew.example.org/api/1"/>
		<link rel="alternate" type="text/html" href="https://renew.example.org/bear?a=1&amp;b=2"/>
		<updated>2025-03-01T10:00:00+01:00</updated>
		<summary>FX renews it.</summary>
		<content type="html">&lt;p&gt;Season 5 is coming.&lt;/p&gt;</content>
	</entry>
	<entry>
		<title>Relative</title>
		<link href="/relative-story"/>
		<published>2025-03-02T00:00:00Z</published>
	</entry>
	<entry>
		<title>No link</title>
	</entry>
</feed>`;

describe('parseFeed', () => {
	it('parses RSS 2.0', () => {
		const feed = parseFeed(Buffer.from(RSS));
		expect(feed.title).toBe('TV News & Notes');
		expect(feed.items).toHaveLength(2);
		expect(feed.items[0]).toEqual({
			title: 'Severance season 3 starts filming',
			url: 'https://tv.example.com/severance-3?utm_source=rss',
			publishedAt: '2025-06-10T14:00:00.000Z',
			summary: 'Cameras roll <b>this week</b> \u2014 finally.',
			content: '<p>Production on <em>Severance</em> &amp; more.</p>'
		});
		expect(feed.items[1]).toEqual({ title: 'Guid only', url: 'https://tv.example.com/guid-story' });
	});

	it('parses Atom', () => {
		const feed = parseFeed(ATOM);
		expect(feed.title).toBe('Renewals');
		expect(feed.items).toHaveLength(2);
		expect(feed.items[0]).toEqual({
			title: 'The Bear &amp; friends renewed',
			url: 'https://renew.example.org/bear?a=1&b=2',
			publishedAt: '2025-03-01T09:00:00.000Z',
			summary: 'FX renews it.',
			content: '<p>Season 5 is coming.</p>'
		});
		expect(feed.items[1]).toEqual({ title: 'Relative', url: 'https://renew.example.org/relative-story', publishedAt: '2025-03-02T00:00:00.000Z' });
	});

	it('refuses an HTML page', () => {
		for (const html of ['<!DOCTYPE html><html><body>hi</body></html>', '\uFEFF  \n<html lang="en"><head></head></html>']) {
			const err = thrown(() => parseFeed(html));
			expect(err).toBeInstanceOf(InputError);
			expect(err.message).toBe('this is an HTML page, not an RSS or Atom feed');
		}
	});

	it('refuses truncated XML', () => {
		const err = thrown(() => parseFeed(RSS.slice(0, RSS.indexOf('</item>') + 3)));
		expect(err).toBeInstanceOf(InputError);
		expect(err.message).toMatch(/^the feed is not well-formed XML: .+ \(line \d+\)$/);
	});

	it('refuses a billion-laughs bomb quickly', () => {
		const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<rss><channel><title>&lol9;</title></channel></rss>`;
		const started = Date.now();
		const err = thrown(() => parseFeed(bomb));
		expect(err.message).toBe('the feed declares a DOCTYPE or entities; refused');
		expect(Date.now() - started).toBeLessThan(200);
	});

	it('refuses XML that is not a feed', () => {
		expect(() => parseFeed('<?xml version="1.0"?><note><to>you</to></note>')).toThrow('not an RSS or Atom feed');
	});
});

const ARTICLE = `<!doctype html>
<html lang="en">
<head>
	<title>Slow Horses season 5 wraps filming | TV Desk</title>
	<meta property="og:site_name" content="TV Desk">
	<meta property="article:published_time" content="2025-04-02T09:30:00+02:00">
</head>
<body>
	<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/shows">All shows NAVLINK</a></li><li><a href="/about">About us</a></li></ul></nav>
	<main>
		<article>
			<h1>Slow Horses season 5 wraps filming</h1>
			<p>Apple TV+ has confirmed that production on the fifth season of Slow Horses wrapped in London last week, after a shoot that began in the autumn and ran for roughly five months across the city.</p>
			<p>The new season adapts London Rules, the fifth novel in Mick Herron&rsquo;s series, and brings back Gary Oldman as Jackson Lamb alongside Jack Lowden and Kristin Scott Thomas, with several new faces joining the cast.</p>
			<p>No release date has been announced yet, but previous seasons have arrived roughly a year after filming began, which would point to a premiere window in the autumn &amp; winter of this year.</p>
		</article>
	</main>
	<footer class="site-footer"><p>Copyright TV Desk FOOTERTEXT. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer>
</body>
</html>`;

describe('extractArticle', () => {
	it('keeps the paragraphs and drops the furniture', () => {
		const article = extractArticle(ARTICLE, 'https://tvdesk.example.com/slow-horses-5');
		expect(article.title).toContain('Slow Horses season 5 wraps filming');
		expect(article.publishedAt).toBe('2025-04-02T07:30:00.000Z');
		expect(article.siteName).toBe('TV Desk');
		expect(article.text).not.toContain('NAVLINK');
		expect(article.text).not.toContain('FOOTERTEXT');
		const paragraphs = article.text.split('\n\n');
		expect(paragraphs.some((p) => p.startsWith('Apple TV+ has confirmed'))).toBe(true);
		expect(article.text).toContain('Mick Herron\u2019s series');
		expect(article.text).toContain('autumn & winter');
		expect(paragraphs.filter((p) => p.length > 100)).toHaveLength(3);
		expect(article.text).not.toMatch(/<[a-z]/i);
	});

	it('refuses a page without article text', () => {
		const err = thrown(() => extractArticle('<html><body></body></html>', 'https://example.com/'));
		expect(err).toBeInstanceOf(InputError);
		expect(err.message).toBe('no article text found on the page');
	});
});

describe('nextPollDelay', () => {
	it('doubles with each failure and caps at a day', () => {
		expect(nextPollDelay({ consecutiveFailures: 0, baseMinutes: 30 })).toBe(30);
		expect(nextPollDelay({ consecutiveFailures: 1, baseMinutes: 30 })).toBe(60);
		expect(nextPollDelay({ consecutiveFailures: 3, baseMinutes: 30 })).toBe(240);
		expect(nextPollDelay({ consecutiveFailures: 6, baseMinutes: 30 })).toBe(1440);
		expect(nextPollDelay({ consecutiveFailures: 50, baseMinutes: 30 })).toBe(1440);
	});
});

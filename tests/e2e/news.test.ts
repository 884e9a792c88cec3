import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const base = process.env.SW_BASE_URL!;
const token = process.env.SW_API_TOKEN!;
const SEED = readFileSync('tests/fixtures/stories/luke-cage-s2-production.txt', 'utf8');
const story = {
	title: 'Luke Cage Season 2 Begins Production',
	url: 'https://www.cbr.com/luke-cage-season-2-production/?utm_source=e2e',
	outlet: 'CBR',
	publishedAt: '2017-06-20',
	text: SEED
};

function post(body: unknown, headers: Record<string, string> = {}) {
	return fetch(`${base}/api/news`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

describe('news intake over real HTTP', () => {
	it('refuses a story without a valid token', async () => {
		const none = await fetch(`${base}/api/news`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(story) });
		expect(none.status).toBe(401);
		const wrong = await post(story, { authorization: 'Bearer sw_not-a-real-token' });
		expect(wrong.status).toBe(401);
		expect((await wrong.json()).message).toMatch(/API token/);
	});

	it('stores a story once and answers with its claims', async () => {
		const first = await post(story);
		expect(first.status).toBe(201);
		const body = await first.json();
		expect(body.created).toBe(true);
		const kinds = new Set(body.claims.map((c: { kind: string }) => c.kind));
		expect([...kinds].sort()).toEqual(['episodeCount', 'platform', 'releaseOrder', 'releaseWindow', 'status']);
		const again = await post({ ...story, url: 'https://www.cbr.com/luke-cage-season-2-production/#comments' });
		expect(again.status).toBe(200);
		expect((await again.json())).toMatchObject({ id: body.id, created: false });
	});

	it.each([
		['an empty text', { ...story, url: undefined, text: '   ' }, /empty/],
		['a date that is not a day', { ...story, url: undefined, publishedAt: '20 June 2017' }, /YYYY-MM-DD/],
		['a missing title', { ...story, url: undefined, title: undefined }, /title/],
		['a binary text', { ...story, url: undefined, text: 'abc\u0000def' }, /binary/],
		['a javascript: address', { ...story, url: 'javascript:alert(1)' }, /http/]
	])('answers %s with 400 and the reason', async (_name, body, reason) => {
		const response = await post(body);
		expect(response.status).toBe(400);
		expect((await response.json()).message).toMatch(reason);
	});

	it('answers malformed JSON with 400 and a 10 MB body with 413, and keeps serving', async () => {
		expect((await post('{"title": ')).status).toBe(400);
		const huge = await post({ ...story, url: undefined, text: 'x'.repeat(10 * 1024 * 1024) });
		expect(huge.status).toBe(413);
		expect((await fetch(`${base}/api/news`)).status).toBe(200);
	});

	it('lists the story and shows it with its claims highlighted in the text', async () => {
		const list = await (await fetch(`${base}/api/news`)).json();
		const item = list.items.find((i: { title: string }) => i.title === story.title);
		expect(item).toBeTruthy();
		const page = await (await fetch(`${base}/news/${item.id}`)).text();
		expect(page).toContain('<mark');
		expect(page).toContain('kicked off production this past week');
		const index = await (await fetch(`${base}/news`)).text();
		expect(index).toContain(story.title);
	});

	it("lists a season's claims on its series page, linked to the story", async () => {
		const page = await (await fetch(`${base}/series/luke-cage`)).text();
		expect(page).toContain('sometime in 2018');
		expect(page).toMatch(/href="\/news\/\d+(#[\w-]+)?"/);
	});

	it('answers an unknown or malformed story id with 404 or 400, never a stack', async () => {
		const missing = await fetch(`${base}/news/999999`);
		expect(missing.status).toBe(404);
		const bad = await fetch(`${base}/news/abc`);
		expect([400, 404]).toContain(bad.status);
		expect(await bad.text()).not.toMatch(/at .*\.(js|ts):\d+/);
	});
});

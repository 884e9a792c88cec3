import { describe, expect, it } from 'vitest';

// Every user-owned route tried with another user's session, over real HTTP against the built
// server. Two accounts from scripts/test.ts: a fan (SW_FAN_SESSION) and an editor
// (SW_EDITOR_SESSION), who is just another user to the fan's watchlist, inbox and settings.
const base = process.env.SW_BASE_URL!;
// adapter-node takes every request for HTTPS, so a browser's form post carries an https origin.
const selfOrigin = base.replace(/^http:/, 'https:');
const fan = `session=${process.env.SW_FAN_SESSION}`;
const other = `session=${process.env.SW_EDITOR_SESSION}`;

async function request(path: string, init: { cookie?: string; form?: Record<string, string | string[]>; origin?: string } = {}) {
	const headers: Record<string, string> = {};
	if (init.cookie) headers.cookie = init.cookie;
	let body: string | undefined;
	if (init.form) {
		const params = new URLSearchParams();
		for (const [k, v] of Object.entries(init.form)) for (const value of [v].flat()) params.append(k, value);
		body = params.toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers.origin = init.origin ?? selfOrigin;
		headers.accept = 'text/html';
	}
	const response = await fetch(base + path, { method: init.form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
	return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

describe('what is a user’s own stays their own', () => {
	it('a follow shows on its owner’s watchlist only, and nobody else can remove it', async () => {
		const followed = await request('/series/severance?/follow', { cookie: fan, form: { season: '3' } });
		expect(followed.status).toBe(303);
		expect(followed.location).toBe('/series/severance#season-3');
		expect((await request('/watchlist', { cookie: fan })).body).toContain('Severance season 3');
		expect((await request('/watchlist', { cookie: other })).body).not.toContain('Severance season 3');

		// The other user "unfollows" it: that touches only their own (empty) follows.
		const unfollow = await request('/watchlist?/unfollow', { cookie: other, form: { series: 'severance', season: '3' } });
		expect(unfollow.status).toBe(303);
		expect((await request('/watchlist', { cookie: fan })).body).toContain('Severance season 3');
	});

	it('settings saved by one user leave another’s alone', async () => {
		const saved = await request('/settings/notifications', { cookie: other, form: { kinds: ['released'], emailMode: 'weekly', quietMinutes: '5' } });
		expect(saved.status).toBe(303);
		const mine = (await request('/settings/notifications', { cookie: fan })).body;
		expect(mine).toMatch(/name="quietMinutes"[^>]*value="60"|value="60"[^>]*name="quietMinutes"/);
		expect(mine).toMatch(/value="never"[^>]*checked|checked[^>]*value="never"/);
		const theirs = (await request('/settings/notifications', { cookie: other })).body;
		expect(theirs).toMatch(/value="weekly"[^>]*checked|checked[^>]*value="weekly"/);
	});

	it('marking someone else’s notification read changes nothing, and a malformed id is a message', async () => {
		const bogus = await request('/inbox?/read', { cookie: other, form: { id: 'seven' } });
		expect(bogus.status).toBe(400);
		expect(bogus.body).toContain('Which notification? The form named none.');
		const foreign = await request('/inbox?/read', { cookie: other, form: { id: '1' } });
		expect(foreign.status).toBe(303);
	});

	it('every form refuses malformed fields with a message and keeps what was typed', async () => {
		const quiet = await request('/settings/notifications', { cookie: fan, form: { kinds: ['dated'], emailMode: 'daily', quietMinutes: 'soon-ish' } });
		expect(quiet.status).toBe(400);
		expect(quiet.body).toContain('The quiet period must be a whole number of minutes');
		expect(quiet.body).toContain('value="soon-ish"');
		const mode = await request('/settings/notifications', { cookie: fan, form: { kinds: ['dated'], quietMinutes: '10' } });
		expect(mode.status).toBe(400);
		expect(mode.body).toContain('Choose how e-mail should come');
		const kind = await request('/settings/notifications', { cookie: fan, form: { kinds: ['gossip'], emailMode: 'daily', quietMinutes: '10' } });
		expect(kind.status).toBe(400);
		expect(kind.body).toContain('not events Seasonwatch knows');
		const season = await request('/series/severance?/follow', { cookie: fan, form: { season: 'three' } });
		expect(season.status).toBe(400);
		expect(season.body).toContain('The season must be a season number.');
		const missing = await request('/series/severance?/follow', { cookie: fan, form: { season: '99' } });
		expect(missing.status).toBe(400);
		expect(missing.body).toContain('There is no such season.');
		const huge = await request('/watchlist?/unfollow', { cookie: fan, form: { series: 'x'.repeat(5000) } });
		expect(huge.status).toBe(400);
		expect(huge.body).toContain('Which series?');
	});

	it('anonymous visitors are sent to log in, and forged or cross-site requests are refused', async () => {
		for (const path of ['/watchlist', '/inbox', '/settings/notifications', '/settings/feeds']) {
			const page = await request(path);
			expect(page.status, path).toBe(303);
			expect(page.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
		}
		const follow = await request('/series/severance?/follow', { form: { season: '3' } });
		expect(follow.status).toBe(303);
		expect(follow.location).toMatch(/^\/login\?next=/);

		const token = process.env.SW_FAN_SESSION!;
		const tampered = `session=${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
		expect((await request('/watchlist', { cookie: tampered })).status).toBe(303);

		const crossSite = await request('/watchlist?/unfollow', { cookie: fan, form: { series: 'severance', season: '3' }, origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
		expect((await request('/watchlist', { cookie: fan })).body).toContain('Severance season 3');
	});
});

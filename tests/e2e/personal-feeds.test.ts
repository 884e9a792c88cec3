import { describe, expect, it } from 'vitest';

// Secret feed URLs and unsubscribe pages over real HTTP against the built server (scripts/test.ts
// sets SW_BASE_URL and SW_FAN_SESSION, a logged-in fan's session token; ORIGIN is the server's own
// address, so the feed URLs the settings page shows point back at it).
const base = process.env.SW_BASE_URL!;
// adapter-node takes every request for HTTPS, so a browser's form post carries an https origin.
const selfOrigin = base.replace(/^http:/, 'https:');
const fan = `session=${process.env.SW_FAN_SESSION}`;

interface Result {
	status: number;
	location: string | null;
	setCookie: string[];
	type: string | null;
	body: string;
}

async function request(path: string, init: { cookie?: string; form?: Record<string, string> } = {}): Promise<Result> {
	const headers: Record<string, string> = {};
	if (init.cookie) headers.cookie = init.cookie;
	let body: string | undefined;
	if (init.form) {
		body = new URLSearchParams(init.form).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers.origin = selfOrigin;
		headers.accept = 'text/html';
	}
	const response = await fetch(base + path, { method: init.form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
	return { status: response.status, location: response.headers.get('location'), setCookie: response.headers.getSetCookie(), type: response.headers.get('content-type'), body: await response.text() };
}

/** Makes (or remakes) the fan's feed of `kind` and reads its one-time URL off the settings page. */
async function makeFeed(kind: 'calendar' | 'atom', action: 'create' | 'regenerate' = 'create'): Promise<string> {
	const posted = await request(`/settings/feeds?/${action}`, { cookie: fan, form: { kind } });
	expect(posted.status).toBe(303);
	expect(posted.location).toBe('/settings/feeds');
	const flash = posted.setCookie.find((c) => c.startsWith('feed_url='));
	expect(flash).toMatch(/HttpOnly/i);
	const page = await request('/settings/feeds', { cookie: `${fan}; ${flash!.split(';')[0]}` });
	expect(page.status).toBe(200);
	const pattern = kind === 'calendar' ? /\/feeds\/calendar\/[a-z2-7]{32}\.ics/ : /\/feeds\/atom\/[a-z2-7]{32}/;
	const path = page.body.match(pattern)?.[0];
	expect(path).toBeDefined();
	// Shown once: without the flash cookie the page no longer has it.
	expect((await request('/settings/feeds', { cookie: fan })).body).not.toContain(path!);
	return path!;
}

describe('personal feeds over real HTTP', () => {
	it('sends anonymous visitors of the feed settings to log in', async () => {
		const result = await request('/settings/feeds');
		expect(result.status).toBe(303);
		expect(result.location).toBe('/login?next=%2Fsettings%2Ffeeds');
		expect((await request('/settings/feeds?/create', { form: { kind: 'calendar' } })).status).toBe(303);
	});

	it('serves the calendar at its secret .ics URL and nothing at a wrong or revoked one', async () => {
		const path = await makeFeed('calendar');
		const ics = await request(path);
		expect(ics.status).toBe(200);
		expect(ics.type).toBe('text/calendar; charset=utf-8');
		expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect((await request(path.replace(/\.ics$/, ''))).status).toBe(200);

		const wrong = await request('/feeds/calendar/' + 'a'.repeat(32) + '.ics');
		expect(wrong.status).toBe(404);
		expect(wrong.body).toBe('Not found');
		expect((await request('/feeds/calendar/nonsense.ics')).status).toBe(404);
		// A calendar token is not an Atom token.
		expect((await request(path.replace('/calendar/', '/atom/').replace(/\.ics$/, ''))).status).toBe(404);

		const renewed = await makeFeed('calendar', 'regenerate');
		expect(renewed).not.toBe(path);
		expect((await request(path)).status).toBe(404);
		expect((await request(renewed)).status).toBe(200);

		const revoked = await request('/settings/feeds?/revoke', { cookie: fan, form: { kind: 'calendar' } });
		expect(revoked.status).toBe(303);
		expect((await request(renewed)).status).toBe(404);
	});

	it('serves the notifications as Atom at its secret URL', async () => {
		const path = await makeFeed('atom');
		const atom = await request(path);
		expect(atom.status).toBe(200);
		expect(atom.type).toBe('application/atom+xml; charset=utf-8');
		expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
		expect((await request('/feeds/atom/' + 'b'.repeat(32))).status).toBe(404);
	});

	it('refuses a feed action without a valid kind', async () => {
		const result = await request('/settings/feeds?/create', { cookie: fan, form: { kind: 'rss' } });
		expect(result.status).toBe(400);
		expect(result.body).toContain('Choose the calendar or the Atom feed.');
	});

	it('answers an unknown unsubscribe token with 404 on GET and POST', async () => {
		expect((await request('/unsubscribe/' + 'c'.repeat(32))).status).toBe(404);
		expect((await request('/unsubscribe/' + 'c'.repeat(32), { form: { 'List-Unsubscribe': 'One-Click' } })).status).toBe(404);
	});
});

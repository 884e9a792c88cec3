import { describe, expect, it } from 'vitest';

// Accounts over real HTTP against the built server (scripts/test.ts sets SW_BASE_URL). Plain
// fetch with the cookie carried by hand; form posts send the site's own Origin as a browser would.
// Sign-ups are limited to 5 an hour per address, and every test here comes from 127.0.0.1:
// this file makes two accounts.
const base = process.env.SW_BASE_URL!;
// adapter-node 6 no longer reads ORIGIN: without PROTOCOL_HEADER it takes every request to have
// come through HTTPS (a TLS-terminating proxy), so the app's own origin is https://host:port
// even though the tests talk plain HTTP to it. A browser form post sends that origin.
const selfOrigin = base.replace(/^http:/, 'https:');
const run = `${process.pid}-${Date.now().toString(36)}`;
const PASSWORD = 'e2e password, long enough';

interface Result {
	status: number;
	location: string | null;
	setCookie: string[];
	body: string;
}

async function request(path: string, init: { method?: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Result> {
	const headers: Record<string, string> = { ...init.headers };
	if (init.cookie) headers.cookie = init.cookie;
	let body: string | undefined;
	if (init.form) {
		body = new URLSearchParams(init.form).toString();
		headers['content-type'] ??= 'application/x-www-form-urlencoded';
		headers.origin ??= selfOrigin;
		headers.accept ??= 'text/html'; // a plain form post, as without JavaScript
	}
	const response = await fetch(base + path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
	return { status: response.status, location: response.headers.get('location'), setCookie: response.headers.getSetCookie(), body: await response.text() };
}

function sessionCookie(result: Result): string | undefined {
	return result.setCookie.find((c) => c.startsWith('session='));
}

/** `session=…` for the next request's Cookie header. */
function cookieHeader(result: Result): string {
	const cookie = sessionCookie(result);
	if (!cookie) throw new Error(`no session cookie (status ${result.status})`);
	return cookie.split(';')[0];
}

async function signUp(email: string, password = PASSWORD) {
	return request('/signup?/signup', { form: { email, password, next: '' } });
}

describe('accounts over real HTTP', () => {
	const email = `reader-${run}@example.com`;
	let cookie = '';

	it('signs up with a session cookie that scripts cannot read and other sites do not get', async () => {
		const result = await signUp(`  ${email.toUpperCase()} `);
		expect(result.status).toBe(303);
		expect(result.location).toBe('/');
		const set = sessionCookie(result)!;
		expect(set).toMatch(/^session=[a-z2-7]{32}\.[a-z2-7]{32};/);
		expect(set).toMatch(/;\s*HttpOnly/i);
		expect(set).toMatch(/;\s*SameSite=Lax/i);
		expect(set).toMatch(/;\s*Path=\//i);
		expect(set).toMatch(/;\s*Expires=/i);
		expect(set).not.toMatch(/;\s*Secure/i); // plain HTTP on 127.0.0.1 only
		cookie = cookieHeader(result);

		const home = await request('/', { cookie });
		expect(home.status).toBe(200);
		expect(home.body).toContain(email);
		expect(home.body).toContain('href="/account"');
		expect(home.body).not.toContain('href="/editor"');
	});

	it('keeps /account behind the log-in, and sends a logged-out editor page to it too', async () => {
		const anonymous = await request('/account');
		expect(anonymous.status).toBe(303);
		expect(anonymous.location).toBe('/login?next=%2Faccount');
		const editor = await request('/editor');
		expect(editor.status).toBe(303);
		expect(editor.location).toBe('/login?next=%2Feditor');

		const mine = await request('/account', { cookie });
		expect(mine.status).toBe(200);
		expect(mine.body).toContain(email);
	});

	it('refuses the editor pages to a plain user', async () => {
		const editor = await request('/editor', { cookie });
		expect(editor.status).toBe(403);
		expect(editor.body).toContain('Editors only');
	});

	it('refuses form posts from another site, whatever their content type', async () => {
		const form = await request('/login?/login', { form: { email, password: PASSWORD }, headers: { origin: 'https://evil.example' } });
		expect(form.status).toBe(403);
		expect(form.body).toMatch(/Cross-site (POST )?form submissions are (refused|forbidden)/);
		expect(sessionCookie(form)).toBeUndefined();

		const json = await fetch(base + '/logout?/logout', {
			method: 'POST',
			headers: { origin: 'https://evil.example', cookie, 'content-type': 'application/json', accept: 'application/json' },
			body: '{}',
			redirect: 'manual'
		});
		expect(json.status).toBe(403);
		expect(await json.json()).toMatchObject({ message: 'Cross-site form submissions are refused' });
		expect((await request('/account', { cookie })).status).toBe(200); // still logged in
	});

	it('logs out: the cookie is cleared and the session ends on the server', async () => {
		const result = await request('/logout?/logout', { cookie, form: {} });
		expect(result.status).toBe(303);
		expect(result.location).toBe('/');
		expect(sessionCookie(result)).toMatch(/^session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
		const after = await request('/account', { cookie });
		expect(after.status).toBe(303);
		expect(after.location).toBe('/login?next=%2Faccount');
	});

	it('logs in again, follows ?next= only on this site, and keeps the e-mail after a wrong password', async () => {
		const wrong = await request('/login?/login', { form: { email, password: 'not the password', next: '/account' } });
		expect(wrong.status).toBe(400);
		expect(wrong.body).toContain('That e-mail address and password do not match an account.');
		expect(wrong.body).toContain(`value="${email}"`);
		expect(wrong.body).not.toContain('not the password');
		expect(sessionCookie(wrong)).toBeUndefined();

		const right = await request('/login?/login', { form: { email: email.toUpperCase(), password: PASSWORD, next: '/account' } });
		expect(right.status).toBe(303);
		expect(right.location).toBe('/account');
		cookie = cookieHeader(right);
		expect((await request('/account', { cookie })).status).toBe(200);

		const offsite = await request('/login?/login', { form: { email, password: PASSWORD, next: '//evil.example/' } });
		expect(offsite.status).toBe(303);
		expect(offsite.location).toBe('/');
	});

	it('answers a malformed sign-up with the reason and keeps the e-mail, never the password', async () => {
		const badEmail = await signUp('not-an-email');
		expect(badEmail.status).toBe(400);
		expect(badEmail.body).toContain('Enter an e-mail address like name@example.com.');
		expect(badEmail.body).toContain('value="not-an-email"');
		expect(badEmail.body).not.toContain(PASSWORD);
		expect(sessionCookie(badEmail)).toBeUndefined();

		const short = await signUp(`short-${run}@example.com`, 'tooshort');
		expect(short.status).toBe(400);
		expect(short.body).toContain('Passwords must be at least 10 characters long.');
		expect(short.body).toContain(`value="short-${run}@example.com"`);
		expect(short.body).not.toContain('value="tooshort"');

		const taken = await signUp(email);
		expect(taken.status).toBe(400);
		expect(taken.body).toContain('An account with this e-mail address already exists.');
	});

	it('answers the sixth failed log-in for an address with 429 and how long to wait', async () => {
		const target = `target-${run}@example.com`;
		for (let i = 1; i <= 5; i++) {
			expect((await request('/login?/login', { form: { email: target, password: `guess number ${i}` } })).status, `attempt ${i}`).toBe(400);
		}
		const sixth = await request('/login?/login', { form: { email: target.toUpperCase(), password: 'guess number 6' } });
		expect(sixth.status).toBe(429);
		expect(sixth.body).toContain('Too many attempts; try again in 15 minutes');
		expect(sixth.body).toContain(`value="${target.toUpperCase()}"`);
	});

	it('deletes an account only with its password, and its sessions with it', async () => {
		const leaving = `leaving-${run}@example.com`;
		const own = cookieHeader(await signUp(leaving));
		const wrong = await request('/account?/delete', { cookie: own, form: { password: 'not my password' } });
		expect(wrong.status).toBe(400);
		expect(wrong.body).toContain('That password is not right; the account is kept.');

		const done = await request('/account?/delete', { cookie: own, form: { password: PASSWORD } });
		expect(done.status).toBe(303);
		expect(done.location).toBe('/');
		expect(sessionCookie(done)).toMatch(/^session=;/);
		expect((await request('/account', { cookie: own })).status).toBe(303);
		const login = await request('/login?/login', { form: { email: leaving, password: PASSWORD } });
		expect(login.status).toBe(400);
	});
});

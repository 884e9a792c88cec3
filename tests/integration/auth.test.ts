import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { createDatabase, type Database } from '../../src/lib/server/db/index.ts';
import { testDatabaseUrl, withDatabase } from '../helpers/env.ts';
import {
	SESSION_REFRESH_MS,
	SESSION_TTL_MS,
	createSession,
	hashSecret,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { consume, LOGIN_PER_EMAIL, LOGIN_PER_IP, SIGNUP_PER_IP, refund, tooManyMessage } from '../../src/lib/server/auth/rate-limit.ts';
import {
	AccountError,
	authenticate,
	changePassword,
	createUser,
	deleteUser,
	findUserByEmail,
	normaliseEmail,
	setRole
} from '../../src/lib/server/auth/users.ts';
import { hasRole, requireRole, requireUser, safeNext } from '../../src/lib/server/auth/guards.ts';

let t: TestDatabase;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(async () => {
	await t?.drop();
});

async function sessionRow(id: string) {
	return t.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

describe(`accounts on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	it('keeps the limits the product promises', () => {
		expect(LOGIN_PER_EMAIL).toEqual({ limit: 5, windowSeconds: 900 });
		expect(LOGIN_PER_IP).toEqual({ limit: 20, windowSeconds: 900 });
		expect(SIGNUP_PER_IP).toEqual({ limit: 5, windowSeconds: 3600 });
		expect(tooManyMessage(14 * 60 + 1)).toBe('Too many attempts; try again in 15 minutes');
	});

	it('stores an argon2id hash, never the password, and normalises the e-mail', async () => {
		const user = await createUser(t.db, { email: '  Ada@Example.COM ', password: PASSWORD });
		expect(user).toEqual({ id: expect.any(Number), email: 'ada@example.com', role: 'user' });
		const row = await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
		expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row.password_hash).not.toContain(PASSWORD);
		expect(row.created_at).toBeInstanceOf(Date);
		expect((await findUserByEmail(t.db, 'ADA@example.com'))?.id).toBe(user.id);
		expect(await authenticate(t.db, 'ada@EXAMPLE.com', PASSWORD)).toEqual(user);
		expect(await authenticate(t.db, 'ada@example.com', 'wrong password!')).toBeNull();
		expect(await authenticate(t.db, 'nobody@example.com', PASSWORD)).toBeNull();
	});

	it('refuses malformed e-mails, weak passwords and a second account for an address', async () => {
		for (const email of ['', 'no-at-sign', 'a@b@example.com', '@example.com', 'a@nodot', 'a b@example.com', `${'x'.repeat(250)}@example.com`]) {
			expect(() => normaliseEmail(email), email).toThrow(AccountError);
		}
		await expect(createUser(t.db, { email: 'short@example.com', password: 'nine char' })).rejects.toThrow(/at least 10/);
		await expect(createUser(t.db, { email: 'long@example.com', password: 'x'.repeat(201) })).rejects.toThrow(/at most 200/);
		await expect(createUser(t.db, { email: 'ADA@example.com', password: PASSWORD })).rejects.toThrow(/already exists/);
		// The unique index on lower(email) holds even for rows written around the repository.
		await expect(
			t.db.insertInto('users').values({ email: 'Ada@Example.com', password_hash: 'x' }).execute()
		).rejects.toThrow();
		await expect(
			t.db.insertInto('users').values({ email: 'bad@example.com', password_hash: 'x', role: 'root' as never }).execute()
		).rejects.toThrow();
	});

	it('round-trips a session token and stores only the SHA-256 of its secret', async () => {
		const user = await createUser(t.db, { email: 'round@example.com', password: PASSWORD });
		const { token, session } = await createSession(t.db, user.id);
		const [id, secret] = token.split('.');
		expect(id).toMatch(/^[a-z2-7]{32}$/); // 160 random bits each, lower-case base32 without padding
		expect(secret).toMatch(/^[a-z2-7]{32}$/);
		expect(session.id).toBe(id);
		expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_MS - 60_000);

		const row = (await sessionRow(id))!;
		const stored = new Uint8Array(row.secret_hash);
		expect(stored).toHaveLength(32);
		expect(Array.from(stored)).toEqual(Array.from(hashSecret(secret)));
		expect(Buffer.from(stored).toString('latin1')).not.toContain(secret);
		const everything = JSON.stringify(await t.db.selectFrom('sessions').selectAll().execute());
		expect(everything).not.toContain(secret);

		const validated = await validateSessionToken(t.db, token);
		expect(validated).toMatchObject({ user: { id: user.id, email: 'round@example.com', role: 'user' }, fresh: false });
		expect(validated!.session.id).toBe(id);
	});

	it('refuses tampered, malformed and unknown tokens', async () => {
		const user = await createUser(t.db, { email: 'tamper@example.com', password: PASSWORD });
		const { token } = await createSession(t.db, user.id);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(await validateSessionToken(t.db, `${id}.${flipped}`)).toBeNull();
		const other = await createSession(t.db, user.id);
		expect(await validateSessionToken(t.db, `${id}.${other.token.split('.')[1]}`)).toBeNull();
		for (const bad of ['', id, `${id}.`, `.${secret}`, `${id}.${secret}.x`, `${id.toUpperCase()}.${secret}`, `${'a'.repeat(32)}.${secret}`]) {
			expect(await validateSessionToken(t.db, bad), bad).toBeNull();
		}
		// A failed guess does not end the real session.
		expect(await validateSessionToken(t.db, token)).not.toBeNull();
	});

	it('refuses and removes an expired session', async () => {
		const user = await createUser(t.db, { email: 'expired@example.com', password: PASSWORD });
		const { token, session } = await createSession(t.db, user.id);
		await t.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', session.id).execute();
		expect(await validateSessionToken(t.db, token)).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
		// The same with a clock: 30 days after creation the session is gone.
		const second = await createSession(t.db, user.id);
		expect(await validateSessionToken(t.db, second.token, new Date(Date.now() + SESSION_TTL_MS + 1000))).toBeNull();
	});

	it('slides the expiry forward, but writes at most once an hour', async () => {
		const user = await createUser(t.db, { email: 'sliding@example.com', password: PASSWORD });
		const start = new Date(Date.now() - 2 * SESSION_REFRESH_MS);
		const { token, session } = await createSession(t.db, user.id, start);

		const soon = await validateSessionToken(t.db, token, new Date(start.getTime() + 59 * 60 * 1000));
		expect(soon!.fresh).toBe(false);
		expect(soon!.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		expect((await sessionRow(session.id))!.expires_at.getTime()).toBe(session.expiresAt.getTime());

		const later = new Date(start.getTime() + SESSION_REFRESH_MS + 1000);
		const refreshed = await validateSessionToken(t.db, token, later);
		expect(refreshed!.fresh).toBe(true);
		expect(refreshed!.session.expiresAt.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
		const row = (await sessionRow(session.id))!;
		expect(row.expires_at.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
		expect(row.last_verified_at.getTime()).toBe(later.getTime());

		// Within the hour after a refresh nothing is written again.
		const again = await validateSessionToken(t.db, token, new Date(later.getTime() + 30 * 60 * 1000));
		expect(again!.fresh).toBe(false);
		expect((await sessionRow(session.id))!.expires_at.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
	});

	it('logs out one session, or every session of a user', async () => {
		const user = await createUser(t.db, { email: 'many@example.com', password: PASSWORD });
		const a = await createSession(t.db, user.id);
		const b = await createSession(t.db, user.id);
		const c = await createSession(t.db, user.id);
		await invalidateSession(t.db, a.session.id);
		expect(await validateSessionToken(t.db, a.token)).toBeNull();
		expect(await validateSessionToken(t.db, b.token)).not.toBeNull();
		expect(await invalidateUserSessions(t.db, user.id, c.session.id)).toBe(1);
		expect(await validateSessionToken(t.db, b.token)).toBeNull();
		expect(await validateSessionToken(t.db, c.token)).not.toBeNull();
		await invalidateUserSessions(t.db, user.id);
		expect(await validateSessionToken(t.db, c.token)).toBeNull();
	});

	it('changes a password only with the current one, and logs out the other sessions', async () => {
		const user = await createUser(t.db, { email: 'change@example.com', password: PASSWORD });
		const here = await createSession(t.db, user.id);
		const elsewhere = await createSession(t.db, user.id);
		await expect(
			changePassword(t.db, { userId: user.id, currentPassword: 'not the password', newPassword: 'a brand new password', keepSessionId: here.session.id })
		).rejects.toThrow(/current password/);
		await expect(
			changePassword(t.db, { userId: user.id, currentPassword: PASSWORD, newPassword: 'short', keepSessionId: here.session.id })
		).rejects.toThrow(/at least 10/);
		expect(await validateSessionToken(t.db, elsewhere.token)).not.toBeNull();
		await changePassword(t.db, { userId: user.id, currentPassword: PASSWORD, newPassword: 'a brand new password', keepSessionId: here.session.id });
		expect(await authenticate(t.db, 'change@example.com', PASSWORD)).toBeNull();
		expect(await authenticate(t.db, 'change@example.com', 'a brand new password')).toMatchObject({ id: user.id });
		expect(await validateSessionToken(t.db, here.token)).not.toBeNull();
		expect(await validateSessionToken(t.db, elsewhere.token)).toBeNull();
	});

	it('deletes a user with all their sessions', async () => {
		const user = await createUser(t.db, { email: 'leaving@example.com', password: PASSWORD });
		const { token } = await createSession(t.db, user.id);
		await createSession(t.db, user.id);
		await consume(t.db, 'login:email:leaving@example.com', 5, 900);
		expect(await deleteUser(t.db, user.id)).toBe(true);
		expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
		expect(await t.db.selectFrom('rate_limits').select('key').where('key', '=', 'login:email:leaving@example.com').execute()).toEqual([]);
		expect(await validateSessionToken(t.db, token)).toBeNull();
		expect(await findUserByEmail(t.db, 'leaving@example.com')).toBeUndefined();
		expect(await deleteUser(t.db, user.id)).toBe(false);
	});

	it('changes roles; editor and admin pass an editor guard, a user gets 403, nobody is sent to log in', async () => {
		await createUser(t.db, { email: 'ed@example.com', password: PASSWORD });
		expect(await setRole(t.db, 'ED@example.com', 'editor')).toMatchObject({ email: 'ed@example.com', role: 'editor' });
		expect(await setRole(t.db, 'missing@example.com', 'editor')).toBeUndefined();

		const event = (user: { id: number; email: string; role: 'user' | 'editor' | 'admin' } | null, path = '/editor/review?page=2', method = 'GET') =>
			({ locals: { user, session: null }, url: new URL(`http://localhost${path}`), request: new Request(`http://localhost${path}`, { method }) }) as never;
		const thrown = (fn: () => unknown) => {
			try {
				fn();
			} catch (e) {
				return e as { status: number; location?: string; body?: { message: string } };
			}
			throw new Error('expected a throw');
		};
		expect(requireRole(event({ id: 1, email: 'e', role: 'editor' }), 'editor').role).toBe('editor');
		expect(requireRole(event({ id: 1, email: 'a', role: 'admin' }), 'editor').role).toBe('admin');
		expect(thrown(() => requireRole(event({ id: 1, email: 'u', role: 'user' }), 'editor'))).toMatchObject({ status: 403, body: { message: 'Editors only' } });
		expect(thrown(() => requireRole(event({ id: 1, email: 'e', role: 'editor' }), 'admin'))).toMatchObject({ status: 403 });
		expect(thrown(() => requireRole(event(null), 'editor'))).toMatchObject({ status: 303, location: '/login?next=%2Feditor%2Freview%3Fpage%3D2' });
		expect(thrown(() => requireUser(event(null, '/account?/password', 'POST')))).toMatchObject({ status: 303, location: '/login?next=%2Faccount' });
		expect(hasRole({ role: 'admin' }, 'editor')).toBe(true);
		expect(hasRole(null, 'user')).toBe(false);
	});

	it('follows ?next= only to paths on this site', () => {
		expect(safeNext('/series?q=x#top')).toBe('/series?q=x#top');
		for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'series', '', null]) {
			expect(safeNext(bad as string), String(bad)).toBe('/');
		}
	});

	it('blocks the sixth failed log-in for an e-mail, and gives back a successful one', async () => {
		const key = 'login:email:victim@example.com';
		for (let i = 1; i <= 5; i++) expect((await consume(t.db, key, 5, 900)).allowed, `attempt ${i}`).toBe(true);
		const sixth = await consume(t.db, key, 5, 900);
		expect(sixth.allowed).toBe(false);
		expect(sixth.retryAfterSeconds).toBeGreaterThan(890);
		expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(900);

		const other = 'login:email:someone@example.com';
		for (let i = 0; i < 4; i++) await consume(t.db, other, 5, 900);
		await refund(t.db, other); // the fourth was a success: three failures so far
		expect((await consume(t.db, other, 5, 900)).allowed).toBe(true);
		expect((await consume(t.db, other, 5, 900)).allowed).toBe(true);
		expect((await consume(t.db, other, 5, 900)).allowed).toBe(false);
	});

	it('opens a new window once the old one has passed', async () => {
		const key = 'signup:ip:192.0.2.1';
		for (let i = 0; i < 5; i++) await consume(t.db, key, 5, 3600);
		expect((await consume(t.db, key, 5, 3600)).allowed).toBe(false);
		await t.db.updateTable('rate_limits').set({ window_start: new Date(Date.now() - 3601 * 1000) }).where('key', '=', key).execute();
		expect(await consume(t.db, key, 5, 3600)).toEqual({ allowed: true, retryAfterSeconds: 0 });
		const row = await t.db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
		expect(row.count).toBe(1);
	});

	it('counts concurrent attempts exactly (one upsert each)', async () => {
		const key = 'login:ip:198.51.100.7';
		const results = await Promise.all(Array.from({ length: 30 }, () => consume(t.db, key, 20, 900)));
		expect(results.filter((r) => r.allowed)).toHaveLength(20);
		const row = await t.db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
		expect(row.count).toBe(30);
	});

	it('holds a limit across two app instances on one database', async () => {
		if (t.kind !== 'postgres') {
			// One PGlite database belongs to one process; the shared table is what carries the count.
			const key = 'login:email:shared@example.com';
			for (let i = 0; i < 5; i++) await consume(t.db, key, 5, 900);
			expect((await consume(t.db, key, 5, 900)).allowed).toBe(false);
			return;
		}
		const name = (await t.db.selectNoFrom((eb) => eb.fn<string>('current_database').as('name')).executeTakeFirstOrThrow()).name;
		const instances: Database[] = [
			createDatabase({ databaseUrl: withDatabase(testDatabaseUrl, name), poolSize: 2 }),
			createDatabase({ databaseUrl: withDatabase(testDatabaseUrl, name), poolSize: 2 })
		];
		try {
			const key = 'login:email:shared@example.com';
			const allowed: boolean[] = [];
			for (let i = 0; i < 6; i++) allowed.push((await consume(instances[i % 2], key, 5, 900)).allowed);
			expect(allowed).toEqual([true, true, true, true, true, false]);
			expect((await consume(instances[0], key, 5, 900)).allowed).toBe(false);
		} finally {
			await Promise.all(instances.map((db) => db.destroy()));
		}
	});
});

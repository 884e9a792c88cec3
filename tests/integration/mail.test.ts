import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeNewsItem, makeNotification, makeSeries, makeUser } from '../helpers/notify-factories.ts';
import { hashSecret } from '../../src/lib/server/auth/session.ts';
import {
	createMailer,
	findUnsubscribe,
	sendDigests,
	sendImmediate,
	unsubscribeByToken,
	type Mailer
} from '../../src/lib/server/notify/mail.ts';

let t: TestDatabase;
let smtp: SMTPServer;
let mailer: Mailer;
const inbox: { to: string[]; parsed: ParsedMail }[] = [];
const ORIGIN = 'https://seasonwatch.test';

let lukeCage2: number;
let svu3: number;
let storyId: number;

beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
					callback();
				})
				.catch(callback);
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const { port } = smtp.server.address() as AddressInfo;
	mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, origin: ORIGIN, from: 'Seasonwatch <no-reply@seasonwatch.test>', maxConnections: 2 });
	t = await freshDatabase();
	lukeCage2 = (await makeSeries(t.db, 'Luke Cage', 'luke-cage', [{ number: 2 }])).seasonIds[2];
	svu3 = (await makeSeries(t.db, 'Law & Order <SVU>', 'law-and-order-svu', [{ number: 3 }])).seasonIds[3];
	storyId = await makeNewsItem(t.db, 'Luke Cage season 2 sets June date');
});
afterAll(async () => {
	await mailer?.close();
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
	await t?.drop();
});
beforeEach(() => {
	inbox.length = 0;
});

/** A header as it was sent (mailparser folds List-* headers into a structure of its own). */
const rawHeader = (parsed: ParsedMail, name: string) =>
	parsed.headerLines
		.find((h) => h.key === name.toLowerCase())
		?.line.replace(/^[^:]+:\s*/, '')
		.replace(/\r?\n\s+/g, ' ');

const unsubscribeToken = (text: string) => text.match(/\/unsubscribe\/([a-z2-7]{32})/)?.[1];

describe(`notification e-mail on ${process.env.TEST_DB ?? 'pglite'}`, () => {
	let immediateUser: { id: number; email: string };
	let neverUser: { id: number; email: string };
	let dailyUser: { id: number; email: string };
	let immediateToken = '';

	it('mails an immediate user one mail with the change, links and one-click unsubscribe', async () => {
		immediateUser = await makeUser(t.db, 'immediate');
		neverUser = await makeUser(t.db, 'never');
		dailyUser = await makeUser(t.db, 'daily');
		const noSettings = await makeUser(t.db);
		const before = { from: '2018-04-01', to: '2018-09-30', likely: '2018-06-15', label: 'mid-2018' };
		const after = { from: '2018-06-01', to: '2018-06-30', likely: '2018-06-15', label: 'June 2018' };
		const mailed = await makeNotification(t.db, immediateUser.id, lukeCage2, {
			title: 'Luke Cage season 2: release window narrowed',
			body: 'Expected mid-2018 before; now June 2018.',
			before,
			after,
			newsItemId: storyId
		});
		// Not due yet, already read: neither goes out.
		const later = await makeNotification(t.db, immediateUser.id, lukeCage2, { title: 'Luke Cage season 2: later', deliverAt: new Date(Date.now() + 3_600_000) });
		await makeNotification(t.db, immediateUser.id, lukeCage2, { title: 'Luke Cage season 2: read', readAt: new Date() });
		for (const u of [neverUser, dailyUser, noSettings]) await makeNotification(t.db, u.id, lukeCage2, { title: 'Luke Cage season 2: release window narrowed', before, after });

		const result = await sendImmediate(t.db, mailer);
		expect(result).toEqual({ mails: 1, notifications: 1, failed: 0 });
		expect(inbox).toHaveLength(1);
		const [{ to, parsed }] = inbox;
		expect(to).toEqual([immediateUser.email]);
		expect(parsed.subject).toBe('Luke Cage season 2: release window narrowed');
		expect(parsed.text).toContain('mid-2018 → June 2018');
		expect(parsed.text).toContain(`${ORIGIN}/series/luke-cage#season-2`);
		expect(parsed.text).toContain(`${ORIGIN}/news/${storyId}`);
		expect(parsed.html).toContain('mid-2018 → June 2018');
		expect(parsed.html).toContain(`href="${ORIGIN}/series/luke-cage#season-2"`);
		const token = unsubscribeToken(parsed.text!);
		expect(token).toBeDefined();
		immediateToken = token!;
		expect(parsed.html).toContain(`${ORIGIN}/unsubscribe/${token}`);
		expect(rawHeader(parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
		expect(rawHeader(parsed, 'List-Unsubscribe')).toBe(`<${ORIGIN}/unsubscribe/${token}>`);

		// Marked mailed, logged with only the hash of the unsubscribe token.
		const rows = await t.db.selectFrom('notifications').select(['id', 'emailed_at']).where('user_id', '=', immediateUser.id).orderBy('id').execute();
		expect(rows.find((r) => r.id === mailed)!.emailed_at).toBeInstanceOf(Date);
		expect(rows.find((r) => r.id === later)!.emailed_at).toBeNull();
		const log = await t.db.selectFrom('email_log').selectAll().execute();
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ user_id: immediateUser.id, kind: 'immediate', subject: 'Luke Cage season 2: release window narrowed' });
		// bigint[] comes back as strings from pg and numbers from PGlite.
		expect(log[0].notification_ids.map(Number)).toEqual([mailed]);
		expect(Buffer.from(log[0].unsubscribe_hash!).equals(Buffer.from(hashSecret(token!)))).toBe(true);
	});

	it('sends nothing the second time', async () => {
		expect(await sendImmediate(t.db, mailer)).toEqual({ mails: 0, notifications: 0, failed: 0 });
		expect(inbox).toHaveLength(0);
	});

	it('sends the notification that was held back once its quiet period is over', async () => {
		const result = await sendImmediate(t.db, mailer, { now: new Date(Date.now() + 2 * 3_600_000) });
		expect(result.mails).toBe(1);
		expect(inbox[0].parsed.subject).toBe('Luke Cage season 2: later');
	});

	it('coalesces several pending notifications into one immediate mail and escapes HTML', async () => {
		const user = await makeUser(t.db, 'immediate');
		await makeNotification(t.db, user.id, lukeCage2, { title: 'Luke Cage season 2: release slipped to July 2018', before: { label: 'June 2018' }, after: { label: 'July 2018' } });
		await makeNotification(t.db, user.id, svu3, { kind: 'renewed', title: 'Law & Order <SVU> season 3: renewed', body: 'Renewed <b>at last</b> & more.' });
		const result = await sendImmediate(t.db, mailer);
		expect(result).toEqual({ mails: 1, notifications: 2, failed: 0 });
		expect(inbox).toHaveLength(1);
		const { parsed } = inbox[0];
		expect(parsed.subject).toBe('Seasonwatch: 2 changes (Luke Cage season 2, Law & Order <SVU> season 3)');
		expect(parsed.text).toContain('Renewed <b>at last</b> & more.');
		expect(parsed.html).toContain('Law &amp; Order &lt;SVU&gt; season 3: renewed');
		expect(parsed.html).toContain('Renewed &lt;b&gt;at last&lt;/b&gt; &amp; more.');
		expect(parsed.html).not.toContain('<SVU>');
		expect(parsed.html).not.toContain('<b>at last');
	});

	it('sends one digest per user with all pending changes, only on that user’s mode', async () => {
		// dailyUser already has one pending; two more.
		await makeNotification(t.db, dailyUser.id, svu3, { kind: 'renewed', title: 'Law & Order <SVU> season 3: renewed' });
		await makeNotification(t.db, dailyUser.id, lukeCage2, { kind: 'dated', title: 'Luke Cage season 2: release dated 22 June 2018', before: { label: 'June 2018' }, after: { label: '22 June 2018' } });
		const weeklyUser = await makeUser(t.db, 'weekly');
		await makeNotification(t.db, weeklyUser.id, lukeCage2, { title: 'Luke Cage season 2: release window narrowed' });

		expect(await sendImmediate(t.db, mailer)).toMatchObject({ mails: 0 });
		const daily = await sendDigests(t.db, mailer, 'daily');
		expect(daily).toEqual({ mails: 1, notifications: 3, failed: 0 });
		expect(inbox).toHaveLength(1);
		expect(inbox[0].to).toEqual([dailyUser.email]);
		expect(inbox[0].parsed.subject).toBe('Your Seasonwatch digest: 3 changes');
		expect(inbox[0].parsed.text).toContain('June 2018 → 22 June 2018');
		expect(inbox[0].parsed.text).toContain('Law & Order <SVU> season 3: renewed');
		expect(unsubscribeToken(inbox[0].parsed.text!)).toBeDefined();

		const weekly = await sendDigests(t.db, mailer, 'weekly');
		expect(weekly).toEqual({ mails: 1, notifications: 1, failed: 0 });
		expect(inbox.map((m) => m.to[0])).toEqual([dailyUser.email, weeklyUser.email]);
		expect(await sendDigests(t.db, mailer, 'daily')).toMatchObject({ mails: 0 });
		expect(await sendDigests(t.db, mailer, 'weekly')).toMatchObject({ mails: 0 });
	});

	it('never mails users on "never" or without settings', async () => {
		const mailedTo = await t.db.selectFrom('email_log').innerJoin('users', 'users.id', 'email_log.user_id').select('users.email').execute();
		expect(mailedTo.map((r) => r.email)).not.toContain(neverUser.email);
		const pending = await t.db.selectFrom('notifications').select('emailed_at').where('user_id', '=', neverUser.id).execute();
		expect(pending).toEqual([{ emailed_at: null }]);
	});

	it('releases the notifications of a mail that could not be sent', async () => {
		const user = await makeUser(t.db, 'immediate');
		const id = await makeNotification(t.db, user.id, lukeCage2, { title: 'Luke Cage season 2: release window narrowed' });
		const broken: Mailer = { ...mailer, send: async () => Promise.reject(new Error('relay down')) };
		const errors = console.error;
		console.error = () => {};
		try {
			expect(await sendImmediate(t.db, broken)).toEqual({ mails: 0, notifications: 0, failed: 1 });
		} finally {
			console.error = errors;
		}
		const row = await t.db.selectFrom('notifications').select('emailed_at').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.emailed_at).toBeNull();
		expect(await t.db.selectFrom('email_log').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
		expect(await sendImmediate(t.db, mailer)).toMatchObject({ mails: 1, notifications: 1 });
	});

	it('writes .eml files to the outbox without SMTP, with one log line each', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'sw-outbox-'));
		const lines: string[] = [];
		const outbox = createMailer({ outboxDir: join(dir, 'outbox'), origin: ORIGIN, log: (line) => lines.push(line) });
		try {
			const user = await makeUser(t.db, 'immediate');
			await makeNotification(t.db, user.id, lukeCage2, { title: 'Luke Cage season 2: release window narrowed', before: { label: 'mid-2018' }, after: { label: 'June 2018' } });
			expect(await sendImmediate(t.db, outbox)).toMatchObject({ mails: 1 });
			const files = readdirSync(join(dir, 'outbox'));
			expect(files).toHaveLength(1);
			expect(files[0]).toMatch(/\.eml$/);
			const parsed = await simpleParser(readFileSync(join(dir, 'outbox', files[0])));
			expect(parsed.subject).toBe('Luke Cage season 2: release window narrowed');
			expect(parsed.text).toContain('mid-2018 → June 2018');
			expect(rawHeader(parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
			expect(rawHeader(parsed, 'List-Unsubscribe')).toMatch(new RegExp(`^<${ORIGIN}/unsubscribe/[a-z2-7]{32}>$`));
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain(files[0]);
			expect(inbox).toHaveLength(0);
		} finally {
			await outbox.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('unsubscribes by a mail’s token and ignores unknown or malformed tokens', async () => {
		const modeOf = async (userId: number) =>
			(await t.db.selectFrom('notification_settings').select('email_mode').where('user_id', '=', userId).executeTakeFirstOrThrow()).email_mode;
		expect(await findUnsubscribe(t.db, immediateToken)).toEqual({ userId: immediateUser.id, email: immediateUser.email, emailMode: 'immediate' });
		expect(await unsubscribeByToken(t.db, 'a'.repeat(32))).toBe(false);
		expect(await unsubscribeByToken(t.db, 'not a token')).toBe(false);
		expect(await unsubscribeByToken(t.db, immediateToken.toUpperCase())).toBe(false);
		expect(await findUnsubscribe(t.db, 'b'.repeat(32))).toBeNull();
		expect(await modeOf(immediateUser.id)).toBe('immediate');
		expect(await modeOf(dailyUser.id)).toBe('daily');

		expect(await unsubscribeByToken(t.db, immediateToken)).toBe(true);
		expect(await modeOf(immediateUser.id)).toBe('never');
		expect(await modeOf(dailyUser.id)).toBe('daily');
		// Clicking again is harmless.
		expect(await unsubscribeByToken(t.db, immediateToken)).toBe(true);
		await makeNotification(t.db, immediateUser.id, lukeCage2, { title: 'Luke Cage season 2: after unsubscribing' });
		expect(await sendImmediate(t.db, mailer)).toMatchObject({ mails: 0 });
	});
});

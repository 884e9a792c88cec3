// Notification e-mail: one mail per user and run (immediate or digest), coalescing every pending
// notification. Notifications are claimed (emailed_at set) in the same statement that reads them,
// so two workers never mail the same notification; a mail that fails is released for the next run.
// A crash between claim and send loses that mail (the notifications stay in the inbox): at most
// once is the better failure for e-mail than twice.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Kysely, type Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { DB, EmailMode } from '../db/types.ts';
import { hashSecret } from '../auth/session.ts';
import { escapeHtml } from './html.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const DEFAULT_MAIL_FROM = 'Seasonwatch <no-reply@seasonwatch.local>';
export const DEFAULT_ORIGIN = 'http://localhost:3000';

// Base64 bodies: nodemailer's quoted-printable encoder takes about half the CPU of a mail
// (measured by scripts/bench/mail.ts), and every mail client reads either.
const TEXT_ENCODING = 'base64' as const;

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	html: string;
	headers?: Record<string, string>;
}

export interface Mailer {
	/** 'smtp' through a pooled transport, or 'outbox' writing .eml files. */
	readonly kind: 'smtp' | 'outbox';
	readonly from: string;
	/** Base URL for the absolute links in mails, without a trailing slash. */
	readonly origin: string;
	/** How many mails a run sends at the same time. */
	readonly concurrency: number;
	send(mail: OutgoingMail): Promise<void>;
	close(): Promise<void>;
}

export interface MailerOptions {
	/** smtp://host:port or smtps://…; without it mails go to `outboxDir`. */
	smtpUrl?: string;
	from?: string;
	origin?: string;
	/** Where .eml files go when there is no SMTP_URL (default ./data/outbox). */
	outboxDir?: string;
	/** SMTP connections kept open in the pool (default 5). */
	maxConnections?: number;
	/** Mails in flight at once (default 4 per connection). */
	concurrency?: number;
	/** One line per written .eml file (default console.log). */
	log?: (line: string) => void;
}

/**
 * A mailer over a pooled SMTP transport, or, without an SMTP URL, one that writes each mail as an
 * .eml file (development and machines without a relay).
 */
export function createMailer(options: MailerOptions = {}): Mailer {
	const from = options.from || DEFAULT_MAIL_FROM;
	const origin = (options.origin || DEFAULT_ORIGIN).replace(/\/+$/, '');
	const maxConnections = options.maxConnections ?? 5;
	const concurrency = options.concurrency ?? maxConnections * 4;
	if (options.smtpUrl) {
		const url = new URL(options.smtpUrl);
		const transport = nodemailer.createTransport({
			pool: true,
			host: url.hostname,
			port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
			secure: url.protocol === 'smtps:',
			auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
			maxConnections,
			maxMessages: Infinity
		});
		return {
			kind: 'smtp',
			from,
			origin,
			concurrency,
			async send(mail) {
				await transport.sendMail({ from, ...mail, textEncoding: TEXT_ENCODING });
			},
			async close() {
				transport.close();
			}
		};
	}
	const dir = options.outboxDir || join('data', 'outbox');
	const log = options.log ?? ((line: string) => console.log(line));
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	let made = false;
	return {
		kind: 'outbox',
		from,
		origin,
		concurrency,
		async send(mail) {
			const info = await transport.sendMail({ from, ...mail, textEncoding: TEXT_ENCODING });
			if (!made) {
				mkdirSync(dir, { recursive: true });
				made = true;
			}
			const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(5)))}.eml`;
			const file = join(dir, name);
			writeFileSync(file, info.message as Buffer);
			log(`mail: no SMTP_URL, wrote ${file} (to ${mail.to}: ${mail.subject})`);
		},
		async close() {
			transport.close();
		}
	};
}

export { escapeHtml };

/** 20 random bytes as 32 characters of lower-case base32 (160 bits). */
function randomToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

const TOKEN = /^[a-z2-7]{32}$/;

interface Snapshot {
	label?: string | null;
	from?: string | null;
	to?: string | null;
}

/** One claimed notification with what its mail shows. */
export interface MailNotification {
	id: number;
	userId: number;
	email: string;
	kind: string;
	title: string;
	body: string;
	before: Snapshot | null;
	after: Snapshot | null;
	newsItemId: number | null;
	seriesSlug: string;
	seriesTitle: string;
	season: number;
	createdAt: Date;
}

const KIND_PHRASES: Record<string, string> = {
	narrowed: 'release window narrowed',
	slipped: 'release window slipped',
	'moved earlier': 'release window moved earlier',
	dated: 'release date announced',
	released: 'released',
	cancelled: 'cancelled',
	'new evidence': 'estimate updated',
	'first estimate': 'first release estimate',
	renewed: 'renewed',
	'filming started': 'filming started',
	wrapped: 'filming wrapped'
};

function seasonName(n: Pick<MailNotification, 'seriesTitle' | 'season'>): string {
	return `${n.seriesTitle} season ${n.season}`;
}

/** "Luke Cage season 2: release window narrowed" */
export function notificationHeadline(n: MailNotification): string {
	const name = seasonName(n);
	if (n.title.toLowerCase().startsWith(name.toLowerCase())) return n.title;
	const phrase = KIND_PHRASES[n.kind] ?? (n.title || 'estimate updated');
	return `${name}: ${phrase}`;
}

function describe(snapshot: Snapshot | null): string {
	if (!snapshot) return 'no estimate';
	if (snapshot.label) return snapshot.label;
	if (snapshot.from && snapshot.to) return snapshot.from === snapshot.to ? snapshot.from : `${snapshot.from} – ${snapshot.to}`;
	return 'no estimate';
}

function changeLine(n: MailNotification): string | null {
	if (n.before === null && n.after === null) return null;
	return `${describe(n.before)} → ${describe(n.after)}`;
}

function seasonUrl(origin: string, n: MailNotification): string {
	return `${origin}/series/${encodeURIComponent(n.seriesSlug)}#season-${n.season}`;
}

export interface ComposedMail extends OutgoingMail {
	unsubscribeToken: string;
}

/** The mail for one user's notifications (oldest first); `kind` decides the subject. */
export function composeMail(origin: string, kind: 'immediate' | 'digest', items: MailNotification[]): ComposedMail {
	const first = items[0];
	const token = randomToken();
	const unsubscribe = `${origin}/unsubscribe/${token}`;
	const settings = `${origin}/settings/notifications`;
	const changes = items.length === 1 ? '1 change' : `${items.length} changes`;
	let subject: string;
	if (kind === 'digest') subject = `Your Seasonwatch digest: ${changes}`;
	else if (items.length === 1) subject = notificationHeadline(first);
	else {
		const names = [...new Set(items.map(seasonName))];
		const shown = names.slice(0, 2).join(', ') + (names.length > 2 ? ` and ${names.length - 2} more` : '');
		subject = `Seasonwatch: ${changes} (${shown})`;
	}

	const textParts: string[] = [];
	const htmlParts: string[] = [];
	for (const n of items) {
		const headline = notificationHeadline(n);
		const change = changeLine(n);
		const link = seasonUrl(origin, n);
		const story = n.newsItemId !== null ? `${origin}/news/${n.newsItemId}` : null;
		textParts.push(
			[headline, change ? `Estimate: ${change}` : null, n.body || null, `Season page: ${link}`, story ? `The story: ${story}` : null]
				.filter(Boolean)
				.join('\n')
		);
		htmlParts.push(
			`<div style="margin:0 0 1.5em">` +
				`<h2 style="font-size:1.1em;margin:0 0 .3em"><a href="${escapeHtml(link)}">${escapeHtml(headline)}</a></h2>` +
				(change ? `<p style="margin:0 0 .3em"><strong>Estimate:</strong> ${escapeHtml(describe(n.before))} → ${escapeHtml(describe(n.after))}</p>` : '') +
				(n.body ? `<p style="margin:0 0 .3em">${escapeHtml(n.body)}</p>` : '') +
				`<p style="margin:0"><a href="${escapeHtml(link)}">Season page</a>` +
				(story ? ` · <a href="${escapeHtml(story)}">The story</a>` : '') +
				`</p></div>`
		);
	}
	const intro = kind === 'digest' ? `What changed for the seasons you follow (${changes}):` : `A season you follow changed:`;
	const text = [
		intro,
		'',
		textParts.join('\n\n'),
		'',
		'--',
		`E-mail settings: ${settings}`,
		`Unsubscribe from these e-mails: ${unsubscribe}`
	].join('\n');
	const html =
		`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
		`<body style="font-family:system-ui,sans-serif;line-height:1.4;max-width:40em">` +
		`<p>${escapeHtml(intro)}</p>${htmlParts.join('')}` +
		`<hr><p style="font-size:.9em;color:#555"><a href="${escapeHtml(settings)}">E-mail settings</a> · ` +
		`<a href="${escapeHtml(unsubscribe)}">Unsubscribe from these e-mails</a></p></body></html>`;
	return {
		to: first.email,
		subject,
		text,
		html,
		headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
		unsubscribeToken: token
	};
}

export interface SendOptions {
	now?: Date;
	/** Users per claim statement (default 500). */
	batchSize?: number;
}

export interface SendResult {
	mails: number;
	notifications: number;
	failed: number;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
		while (next < items.length) {
			const item = items[next++];
			await work(item);
		}
	});
	await Promise.all(workers);
}

interface ClaimedRow {
	id: number;
	user_id: number;
	email: string;
	kind: string;
	title: string;
	body: string;
	before: Snapshot | null;
	after: Snapshot | null;
	news_item_id: number | null;
	slug: string;
	series_title: string;
	number: number;
	created_at: Date;
}

async function sendPending(db: Executor, mailer: Mailer, modes: EmailMode[], kind: 'immediate' | 'digest', options: SendOptions): Promise<SendResult> {
	const now = options.now ?? new Date();
	const batchSize = options.batchSize ?? 500;
	const result: SendResult = { mails: 0, notifications: 0, failed: 0 };
	let after = 0;
	for (;;) {
		// The next users with mail due, by id (the partial index on unmailed notifications).
		const users = await db
			.selectFrom('notifications as n')
			.innerJoin('notification_settings as ns', 'ns.user_id', 'n.user_id')
			.select('n.user_id')
			.distinct()
			.where('ns.email_mode', 'in', modes)
			.where('n.emailed_at', 'is', null)
			.where('n.read_at', 'is', null)
			.where('n.deliver_at', '<=', now)
			.where('n.user_id', '>', after)
			.orderBy('n.user_id')
			.limit(batchSize)
			.execute();
		if (users.length === 0) break;
		const userIds = users.map((u) => u.user_id);
		after = userIds[userIds.length - 1];

		// Claim and read in one statement: a second worker's update waits on these rows, then
		// finds emailed_at set and skips them.
		const { rows } = await sql<ClaimedRow>`
			update notifications n set emailed_at = ${now}
			from notification_settings ns, users u, seasons s, series sr
			where ns.user_id = n.user_id and u.id = n.user_id and s.id = n.season_id and sr.id = s.series_id
				and n.user_id = any(${userIds}::int[])
				and ns.email_mode = any(${modes}::text[])
				and n.emailed_at is null and n.read_at is null and n.deliver_at <= ${now}
			returning n.id, n.user_id, u.email, n.kind, n.title, n.body, n.before, n.after, n.news_item_id,
				sr.slug, sr.title as series_title, s.number, n.created_at
		`.execute(db);
		if (rows.length === 0) continue;

		const byUser = new Map<number, MailNotification[]>();
		for (const r of rows) {
			const item: MailNotification = {
				id: Number(r.id),
				userId: r.user_id,
				email: r.email,
				kind: r.kind,
				title: r.title,
				body: r.body,
				before: r.before,
				after: r.after,
				newsItemId: r.news_item_id,
				seriesSlug: r.slug,
				seriesTitle: r.series_title,
				season: r.number,
				createdAt: r.created_at
			};
			const list = byUser.get(r.user_id);
			if (list) list.push(item);
			else byUser.set(r.user_id, [item]);
		}

		const sent: { user_id: number; kind: 'immediate' | 'digest'; subject: string; sent_at: Date; notification_ids: number[]; unsubscribe_hash: Buffer }[] = [];
		const released: number[] = [];
		await eachLimited([...byUser.values()], mailer.concurrency, async (items) => {
			items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
			const mail = composeMail(mailer.origin, kind, items);
			const ids = items.map((i) => i.id);
			try {
				await mailer.send(mail);
				sent.push({
					user_id: items[0].userId,
					kind,
					subject: mail.subject,
					sent_at: new Date(),
					notification_ids: ids,
					unsubscribe_hash: Buffer.from(hashSecret(mail.unsubscribeToken))
				});
			} catch (error) {
				console.error(`mail to user ${items[0].userId} failed: ${error instanceof Error ? error.message : String(error)}`);
				released.push(...ids);
			}
		});

		if (sent.length) {
			await db.insertInto('email_log').values(sent).execute();
			result.mails += sent.length;
			result.notifications += sent.reduce((sum, s) => sum + s.notification_ids.length, 0);
		}
		if (released.length) {
			// Back to pending: the next run tries again.
			await db.updateTable('notifications').set({ emailed_at: null }).where('id', 'in', released).execute();
			result.failed += byUser.size - sent.length;
		}
	}
	return result;
}

/** Mails users on 'immediate' every delivered, unread, unmailed notification: one mail per user. */
export function sendImmediate(db: Executor, mailer: Mailer, options: SendOptions = {}): Promise<SendResult> {
	return sendPending(db, mailer, ['immediate'], 'immediate', options);
}

/** The daily or weekly digest: one mail per user on that mode with everything pending. */
export function sendDigests(db: Executor, mailer: Mailer, mode: 'daily' | 'weekly', options: SendOptions = {}): Promise<SendResult> {
	return sendPending(db, mailer, [mode], 'digest', options);
}

function unsubscribeHash(token: string): Buffer | null {
	return TOKEN.test(token) ? Buffer.from(hashSecret(token)) : null;
}

/** The address a mail's unsubscribe token belongs to, or null for an unknown token. */
export async function findUnsubscribe(db: Executor, token: string): Promise<{ userId: number; email: string; emailMode: EmailMode | null } | null> {
	const hash = unsubscribeHash(token);
	if (!hash) return null;
	const row = await db
		.selectFrom('email_log as l')
		.innerJoin('users as u', 'u.id', 'l.user_id')
		.leftJoin('notification_settings as ns', 'ns.user_id', 'l.user_id')
		.select(['l.user_id', 'u.email', 'ns.email_mode'])
		.where('l.unsubscribe_hash', '=', hash)
		.executeTakeFirst();
	return row ? { userId: row.user_id, email: row.email, emailMode: row.email_mode } : null;
}

/** Turns e-mail off (email_mode 'never') for the user a mail's unsubscribe token names; false for an unknown token. */
export async function unsubscribeByToken(db: Executor, token: string): Promise<boolean> {
	const hash = unsubscribeHash(token);
	if (!hash) return false;
	const row = await db.selectFrom('email_log').select('user_id').where('unsubscribe_hash', '=', hash).executeTakeFirst();
	if (!row) return false;
	await db
		.updateTable('notification_settings')
		.set({ email_mode: 'never', updated_at: new Date() })
		.where('user_id', '=', row.user_id)
		.execute();
	return true;
}

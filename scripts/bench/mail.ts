import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../../src/lib/server/db/index.ts';
import { createMailer, sendDigests } from '../../src/lib/server/notify/mail.ts';

/** A local SMTP server that accepts every message and throws it away. */
async function discardingSmtp(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
	let count = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, _session, callback) {
			stream.on('end', () => {
				count++;
				callback();
			});
			stream.resume();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	return { port, received: () => count, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The daily digest for `users` users with one pending notification each: seeded set-based, mailed
 * through a pooled SMTP transport to a local server that discards them. The bench users are
 * removed afterwards (their notifications and e-mail log go with them).
 */
export async function benchDigestMail(db: Database, users = 10_000): Promise<{ users: number; mails: number; seconds: number; perSecond: number }> {
	const run = `bench-mail-${process.pid}-${Date.now().toString(36)}`;
	const series = await db.insertInto('series').values({ slug: run, title: 'Bench Mail Show', network_id: null, status: 'returning' }).returning('id').executeTakeFirstOrThrow();
	const season = await db
		.insertInto('seasons')
		.values({ series_id: series.id, number: 1, episode_count: null, release_date: null, release_precision: null, status: 'filming' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await sql`
		insert into users (email, password_hash)
		select ${run} || '-' || g || '@bench.test', 'not a password hash' from generate_series(1, ${users}::int) g
	`.execute(db);
	await sql`
		insert into notification_settings (user_id, kinds, email_mode)
		select id, '{}'::text[], 'daily' from users where email like ${`${run}-%`}
	`.execute(db);
	await sql`
		insert into notifications (user_id, season_id, kind, title, body, before, after, deliver_at)
		select id, ${season.id}, 'narrowed', 'Bench Mail Show season 1: release window narrowed to June 2027',
			'Expected mid-2027 before; now June 2027.', '{"label":"mid-2027"}'::jsonb, '{"label":"June 2027"}'::jsonb, now() - interval '1 minute'
		from users where email like ${`${run}-%`}
	`.execute(db);

	const smtp = await discardingSmtp();
	const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, origin: 'http://localhost:3000', maxConnections: 5 });
	try {
		const started = performance.now();
		const result = await sendDigests(db, mailer, 'daily');
		const seconds = (performance.now() - started) / 1000;
		if (smtp.received() !== result.mails) throw new Error(`the SMTP server received ${smtp.received()} mails, sendDigests reported ${result.mails}`);
		return { users, mails: result.mails, seconds, perSecond: result.mails / seconds };
	} finally {
		await mailer.close();
		await smtp.close();
		await sql`delete from users where email like ${`${run}-%`}`.execute(db);
		await db.deleteFrom('series').where('id', '=', series.id).execute();
	}
}

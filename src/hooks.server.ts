import { sequence, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit/hooks';
import { DATABASE_URL, FEED_POLL_SECONDS, FETCH_ALLOW_HOSTS, WORKERS } from '$app/env/private';
import { Jobs, currentJobs, setCurrentJobs } from '#lib/server/jobs.ts';
import { createMailer, sendDigests, sendImmediate } from '#lib/server/notify/mail.ts';
import { mailerOptionsFromEnv } from '#lib/server/notify/mail-env.ts';
import { startFeedPoller } from '#lib/server/ingest/poller.ts';
import { db } from '#lib/server/db/instance.ts';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '#lib/server/auth/session.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The Origin names this server. Hosts are compared, not schemes: adapter-node takes every request
 * to have come through HTTPS unless PROTOCOL_HEADER says otherwise, so a page served over plain
 * HTTP (npm start on localhost) posts with an http:// origin for what the app sees as https://.
 */
function sameSite(origin: string, url: URL): boolean {
	if (origin === url.origin) return true;
	try {
		const parsed = new URL(origin);
		return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === url.host;
	} catch {
		return false; // 'null' (sandboxed frames, some redirects) and anything unparsable
	}
}

/**
 * Refuses state-changing requests sent from another site. SvelteKit's own `csrf` check covers
 * form content types in production only; this one covers every content type and `vite dev`,
 * so a session cookie can never be spent by a page elsewhere.
 */
const refuseCrossSite: Handle = ({ event, resolve }) => {
	const origin = event.request.headers.get('origin');
	if (UNSAFE.has(event.request.method) && origin !== null && !sameSite(origin, event.url)) {
		const message = 'Cross-site form submissions are refused';
		if (event.request.headers.get('accept')?.includes('application/json')) {
			return Response.json({ status: 403, message }, { status: 403 });
		}
		return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

/** Validates the session cookie once per request into `locals`; resends it when its expiry moved. */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.fresh) setSessionCookie(event, token, result.session.expiresAt);
		} else {
			deleteSessionCookie(event);
		}
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	return response;
};

/**
 * Each instance polls feeds that are due; feeds are leased in the database, so several instances
 * share the work without fetching a feed twice.
 */
export const init: ServerInit = async () => {
	const stopPoller = FEED_POLL_SECONDS > 0 ? startFeedPoller(db, { intervalMs: FEED_POLL_SECONDS * 1000, allowHosts: FETCH_ALLOW_HOSTS }) : () => {};
	// adapter-node answers SIGTERM and SIGINT by closing the HTTP server and emitting this; the process
	// ends only once nothing else keeps it alive: the job workers, the database's connections.
	process.once('sveltekit:shutdown', () => {
		stopPoller();
		const jobs = currentJobs();
		setCurrentJobs(null);
		void (async () => {
			try {
				await jobs?.stop();
			} catch (error) {
				console.error(`jobs: ${(error as Error).message}`);
			}
			await db.destroy().catch((error) => console.error(`database: ${(error as Error).message}`));
		})();
	});
	if (WORKERS) {
		try {
			const mailer = createMailer(mailerOptionsFromEnv());
			setCurrentJobs(
				await Jobs.start(db, {
					databaseUrl: DATABASE_URL,
					// Immediate mails go out each minute once their quiet period is over; digests at 08:00 UTC.
					extra: {
						'mail-immediate': { cron: '* * * * *', run: () => sendImmediate(db, mailer) },
						'mail-daily': { cron: '0 8 * * *', run: () => sendDigests(db, mailer, 'daily') },
						'mail-weekly': { cron: '0 8 * * 1', run: () => sendDigests(db, mailer, 'weekly') }
					}
				})
			);
		} catch (error) {
			// Pages still serve; notifications wait until a worker runs.
			console.error(`jobs: not started: ${(error as Error).message}`);
		}
	}
};

export const handle: Handle = sequence(securityHeaders, refuseCrossSite, authenticate);

/**
 * Errors raised on purpose with `error(400, …)` and SvelteKit's own (404…) keep their message;
 * anything unexpected is logged in full on the server and the user sees a plain sentence, never a stack.
 */
export const handleError: HandleServerError = (input) => {
	if (input.kind !== 'unknown') return;
	const { event } = input;
	console.error(`${event.request.method} ${event.url.pathname}:`, input.error);
	return { message: 'Something went wrong on our side. Please try again.' };
};

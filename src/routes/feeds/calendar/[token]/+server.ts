import { db } from '#lib/server/db/instance.ts';
import { verifyFeedToken } from '#lib/server/repositories/feed-tokens.ts';
import { calendarFeed } from '#lib/server/notify/feeds.ts';
import { feedOrigin } from '#lib/server/notify/feed-env.ts';
import type { RequestHandler } from './$types';

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** /feeds/calendar/TOKEN.ics: the token is the credential, so any miss is a bare 404. */
export const GET: RequestHandler = async ({ params }) => {
	const token = params.token.replace(/\.ics$/, '');
	const owner = await verifyFeedToken(db, token, 'calendar');
	if (!owner) return notFound();
	const body = await calendarFeed(db, owner.userId, { origin: feedOrigin() });
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="seasonwatch.ics"',
			'cache-control': 'private, max-age=900',
			'x-robots-tag': 'noindex'
		}
	});
};

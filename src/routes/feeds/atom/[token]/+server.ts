import { db } from '#lib/server/db/instance.ts';
import { verifyFeedToken } from '#lib/server/repositories/feed-tokens.ts';
import { atomFeed } from '#lib/server/notify/feeds.ts';
import { feedOrigin } from '#lib/server/notify/feed-env.ts';
import type { RequestHandler } from './$types';

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** /feeds/atom/TOKEN: the user's notifications; the token is the credential, so any miss is a bare 404. */
export const GET: RequestHandler = async ({ params }) => {
	const owner = await verifyFeedToken(db, params.token, 'atom');
	if (!owner) return notFound();
	const origin = feedOrigin();
	const body = await atomFeed(db, owner.userId, { origin, selfUrl: `${origin}/feeds/atom/${params.token}` });
	return new Response(body, {
		headers: {
			'content-type': 'application/atom+xml; charset=utf-8',
			'cache-control': 'private, max-age=300',
			'x-robots-tag': 'noindex'
		}
	});
};

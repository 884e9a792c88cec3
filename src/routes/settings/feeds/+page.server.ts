import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { createFeedToken, isFeedKind, listFeedTokens, regenerateFeedToken, revokeFeedToken, verifyFeedToken } from '#lib/server/repositories/feed-tokens.ts';
import { feedOrigin } from '#lib/server/notify/feed-env.ts';
import type { FeedKind } from '#lib/server/db/types.ts';
import type { Actions, PageServerLoad } from './$types';

// Only the hash of a feed token is stored, so its URL can be shown once: the action leaves it in a
// short-lived cookie for this page only, and the page after the redirect shows it and drops it.
const FLASH = 'feed_url';
const PATH = '/settings/feeds';

function feedUrl(kind: FeedKind, token: string): string {
	return kind === 'calendar' ? `${feedOrigin()}/feeds/calendar/${token}.ics` : `${feedOrigin()}/feeds/atom/${token}`;
}

function cookieOptions(event: RequestEvent) {
	const local = event.url.hostname === 'localhost' || event.url.hostname === '127.0.0.1';
	return { path: PATH, httpOnly: true, sameSite: 'strict' as const, secure: !local };
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const feeds = await listFeedTokens(db, user.id);
	let fresh: { kind: FeedKind; url: string } | null = null;
	const flash = event.cookies.get(FLASH);
	if (flash) {
		event.cookies.delete(FLASH, cookieOptions(event));
		const [kind, token] = flash.split(':');
		// Shown only while that very token is the live one.
		if (isFeedKind(kind) && (await verifyFeedToken(db, token, kind))?.userId === user.id) fresh = { kind, url: feedUrl(kind, token) };
	}
	return {
		feeds: (['calendar', 'atom'] as const).map((kind) => {
			const live = feeds.find((f) => f.kind === kind);
			return { kind, exists: !!live, createdAt: live?.createdAt ?? null };
		}),
		fresh,
		revoked: event.url.searchParams.get('revoked')
	};
};

async function kindField(event: RequestEvent): Promise<FeedKind | null> {
	const form = await event.request.formData();
	const kind = String(form.get('kind') ?? '');
	return isFeedKind(kind) ? kind : null;
}

function invalidKind(kind: string | null) {
	return fail(400, { message: 'Choose the calendar or the Atom feed.', values: { kind: kind ?? '' } });
}

async function issue(event: RequestEvent, make: typeof createFeedToken) {
	const user = requireUser(event);
	const kind = await kindField(event);
	if (!kind) return invalidKind(kind);
	const { token } = await make(db, user.id, kind);
	event.cookies.set(FLASH, `${kind}:${token}`, { ...cookieOptions(event), maxAge: 300 });
	redirect(303, PATH);
}

export const actions: Actions = {
	create: (event) => issue(event, createFeedToken),
	regenerate: (event) => issue(event, regenerateFeedToken),
	revoke: async (event) => {
		const user = requireUser(event);
		const kind = await kindField(event);
		if (!kind) return invalidKind(kind);
		if (!(await revokeFeedToken(db, user.id, kind))) return fail(400, { message: 'That feed was already off.', values: { kind } });
		redirect(303, `${PATH}?revoked=${kind}`);
	}
};

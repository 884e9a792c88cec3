import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { addFeed, listFeeds, pollFeedNow, removeFeed } from '#lib/server/ingest/feeds.ts';
import { InputError } from '#lib/server/ingest/intake.ts';
import { FETCH_ALLOW_HOSTS } from '$app/env/private';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'editor');
	return { feeds: await listFeeds(db), now: new Date() };
};

async function feedId(request: Request): Promise<number> {
	const id = Number((await request.formData()).get('feedId'));
	if (!Number.isInteger(id) || id < 1) error(400, 'feedId must be a feed’s number');
	return id;
}

export const actions: Actions = {
	add: async (event) => {
		requireRole(event, 'editor');
		const url = (await event.request.formData()).get('url');
		if (typeof url !== 'string' || !url.trim()) return fail(400, { message: 'Enter the feed’s address.', url: '' });
		try {
			const { created } = await addFeed(db, url);
			if (!created) return fail(400, { message: 'That feed is already subscribed.', url });
		} catch (e) {
			if (e instanceof InputError) return fail(400, { message: e.message, url });
			throw e;
		}
		redirect(303, '/editor/feeds');
	},
	poll: async (event) => {
		requireRole(event, 'editor');
		const report = await pollFeedNow(db, await feedId(event.request), { allowHosts: FETCH_ALLOW_HOSTS });
		if (!report) error(404, 'no such feed');
		return { report };
	},
	remove: async (event) => {
		requireRole(event, 'editor');
		await removeFeed(db, await feedId(event.request));
		redirect(303, '/editor/feeds');
	}
};

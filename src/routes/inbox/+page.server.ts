import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import { listInbox, markRead } from '#lib/server/repositories/notifications.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { page, perPage } = parsePage(event.url.searchParams, 30);
	const { items, total } = await listInbox(db, user.id, { page, perPage });
	return { items, total, page, pages: pageCount(total, perPage) };
};

export const actions: Actions = {
	read: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const id = form.get('id');
		if (typeof id !== 'string' || !/^\d{1,15}$/.test(id)) return fail(400, { message: 'Which notification? The form named none.' });
		// Only the user's own: someone else's id changes nothing.
		await markRead(db, user.id, [Number(id)]);
		redirect(303, '/inbox');
	},
	readAll: async (event) => {
		const user = requireUser(event);
		await markRead(db, user.id, 'all');
		redirect(303, '/inbox');
	}
};

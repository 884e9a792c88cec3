import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { deleteSessionCookie, invalidateSession } from '#lib/server/auth/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/');
};

export const actions: Actions = {
	logout: async (event) => {
		if (event.locals.session) await invalidateSession(db, event.locals.session.id);
		deleteSessionCookie(event);
		redirect(303, '/');
	}
};

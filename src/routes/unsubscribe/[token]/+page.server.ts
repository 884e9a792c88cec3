import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { findUnsubscribe, unsubscribeByToken } from '#lib/server/notify/mail.ts';
import type { Actions, PageServerLoad } from './$types';

/** Shows the address and a confirm button: a GET (a link scanner, a prefetch) never changes anything. */
export const load: PageServerLoad = async ({ params }) => {
	const found = await findUnsubscribe(db, params.token);
	if (!found) error(404, 'Not found');
	return { email: found.email, alreadyOff: found.emailMode === 'never' };
};

export const actions: Actions = {
	// The confirm button, and mail clients' one-click POST (RFC 8058: body "List-Unsubscribe=One-Click").
	default: async ({ params }) => {
		if (!(await unsubscribeByToken(db, params.token))) error(404, 'Not found');
		return { unsubscribed: true };
	}
};

import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { safeNext } from '#lib/server/auth/guards.ts';
import { field, passwordField } from '#lib/server/auth/forms.ts';
import {
	LOGIN_PER_EMAIL,
	LOGIN_PER_IP,
	consumeAll,
	loginEmailKey,
	loginIpKey,
	refund,
	tooManyMessage
} from '#lib/server/auth/rate-limit.ts';
import { createSession, setSessionCookie } from '#lib/server/auth/session.ts';
import { authenticate } from '#lib/server/auth/users.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'), '');
	if (locals.user) redirect(303, next || '/');
	return { next };
};

export const actions: Actions = {
	login: async (event) => {
		const form = await event.request.formData();
		const values = { email: field(form, 'email').slice(0, 300) };
		const password = passwordField(form, 'password');
		const next = safeNext(field(form, 'next'));
		if (!values.email || !password) return fail(400, { message: 'Enter your e-mail address and password.', values });

		// Every attempt is counted up front (one atomic upsert each, so parallel guesses cannot
		// slip past the limit); a successful one is given back, so only failures add up.
		const keys = [
			{ key: loginEmailKey(values.email), limit: LOGIN_PER_EMAIL },
			{ key: loginIpKey(event.getClientAddress()), limit: LOGIN_PER_IP }
		];
		const limit = await consumeAll(db, keys);
		if (!limit.allowed) return fail(429, { message: tooManyMessage(limit.retryAfterSeconds), values });

		const user = await authenticate(db, values.email, password);
		if (!user) return fail(400, { message: 'That e-mail address and password do not match an account.', values });

		await Promise.all(keys.map(({ key }) => refund(db, key)));
		const { token, session } = await createSession(db, user.id);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, next);
	}
};

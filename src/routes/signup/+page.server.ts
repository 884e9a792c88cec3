import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { safeNext } from '#lib/server/auth/guards.ts';
import { field, passwordField } from '#lib/server/auth/forms.ts';
import { passwordProblem } from '#lib/server/auth/password.ts';
import { SIGNUP_PER_IP, consume, signupIpKey, tooManyMessage } from '#lib/server/auth/rate-limit.ts';
import { createSession, setSessionCookie } from '#lib/server/auth/session.ts';
import { AccountError, createUser, normaliseEmail } from '#lib/server/auth/users.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

export const actions: Actions = {
	signup: async (event) => {
		const form = await event.request.formData();
		const values = { email: field(form, 'email').slice(0, 300) };
		const password = passwordField(form, 'password');
		const next = safeNext(field(form, 'next'));
		try {
			normaliseEmail(values.email);
		} catch (e) {
			if (e instanceof AccountError) return fail(400, { message: e.message, values });
			throw e;
		}
		const problem = passwordProblem(password);
		if (problem) return fail(400, { message: problem, values });

		// Counted only for well-formed requests: the limit is on accounts made, not typos.
		const limit = await consume(db, signupIpKey(event.getClientAddress()), SIGNUP_PER_IP.limit, SIGNUP_PER_IP.windowSeconds);
		if (!limit.allowed) return fail(429, { message: tooManyMessage(limit.retryAfterSeconds), values });

		let userId: number;
		try {
			userId = (await createUser(db, { email: values.email, password })).id;
		} catch (e) {
			if (e instanceof AccountError) return fail(400, { message: e.message, values });
			throw e;
		}
		const { token, session } = await createSession(db, userId);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, next);
	}
};

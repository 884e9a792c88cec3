import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { passwordField } from '#lib/server/auth/forms.ts';
import { LOGIN_PER_EMAIL, consume, loginEmailKey, refund, tooManyMessage } from '#lib/server/auth/rate-limit.ts';
import { deleteSessionCookie } from '#lib/server/auth/session.ts';
import { AccountError, authenticate, changePassword, deleteUser } from '#lib/server/auth/users.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { email: user.email, role: user.role, changed: event.url.searchParams.has('changed') };
};

/** A wrong current password counts as a failed log-in for the address: no guessing from a stolen session. */
async function limited(event: RequestEvent, email: string) {
	const result = await consume(db, loginEmailKey(email), LOGIN_PER_EMAIL.limit, LOGIN_PER_EMAIL.windowSeconds);
	return result.allowed ? null : tooManyMessage(result.retryAfterSeconds);
}

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const currentPassword = passwordField(form, 'currentPassword');
		const newPassword = passwordField(form, 'newPassword');
		const repeat = passwordField(form, 'repeatPassword');
		if (!currentPassword || !newPassword) return fail(400, { form: 'password', message: 'Enter your current and your new password.' });
		if (newPassword !== repeat) return fail(400, { form: 'password', message: 'The new password and its repetition differ.' });
		const tooMany = await limited(event, user.email);
		if (tooMany) return fail(429, { form: 'password', message: tooMany });
		try {
			await changePassword(db, { userId: user.id, currentPassword, newPassword, keepSessionId: event.locals.session?.id });
		} catch (e) {
			if (e instanceof AccountError) {
				// Only a wrong current password is a guess; a too-short new one is not.
				if (e.field !== 'password') await refund(db, loginEmailKey(user.email));
				return fail(400, { form: 'password', message: e.message });
			}
			throw e;
		}
		await refund(db, loginEmailKey(user.email));
		redirect(303, '/account?changed');
	},

	delete: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const password = passwordField(form, 'password');
		if (!password) return fail(400, { form: 'delete', message: 'Enter your password to delete your account.' });
		const tooMany = await limited(event, user.email);
		if (tooMany) return fail(429, { form: 'delete', message: tooMany });
		if (!(await authenticate(db, user.email, password)))
			return fail(400, { form: 'delete', message: 'That password is not right; the account is kept.' });
		await deleteUser(db, user.id);
		deleteSessionCookie(event);
		redirect(303, '/');
	}
};

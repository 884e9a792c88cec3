import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { getSettings, saveSettings } from '#lib/server/repositories/notifications.ts';
import { isNotificationKind, type NotificationKind } from '#lib/domain/notifications.ts';
import type { EmailMode } from '#lib/server/db/types.ts';
import type { Actions, PageServerLoad } from './$types';

const MODES: EmailMode[] = ['immediate', 'daily', 'weekly', 'never'];
const MAX_QUIET = 10_080;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { settings: await getSettings(db, user.id), saved: event.url.searchParams.has('saved') };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const rawKinds = form.getAll('kinds').map(String);
		const emailMode = String(form.get('emailMode') ?? '');
		const quietRaw = String(form.get('quietMinutes') ?? '').trim();
		// What the user typed comes back with any error, so nothing is lost.
		const values = { kinds: rawKinds.filter(isNotificationKind), emailMode, quietMinutes: quietRaw.slice(0, 20) };
		if (rawKinds.length > 50 || rawKinds.some((k) => !isNotificationKind(k))) return fail(400, { message: 'Some of the chosen events are not events Seasonwatch knows.', values });
		if (!MODES.includes(emailMode as EmailMode)) return fail(400, { message: 'Choose how e-mail should come: immediately, daily, weekly or never.', values });
		if (!/^\d{1,5}$/.test(quietRaw) || Number(quietRaw) > MAX_QUIET) return fail(400, { message: `The quiet period must be a whole number of minutes from 0 to ${MAX_QUIET} (a week).`, values });
		await saveSettings(db, user.id, { kinds: rawKinds as NotificationKind[], emailMode: emailMode as EmailMode, quietMinutes: Number(quietRaw) });
		redirect(303, '/settings/notifications?saved');
	}
};

import { db } from '#lib/server/db/instance.ts';
import { unreadCount } from '#lib/server/repositories/notifications.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
	user: locals.user ? { email: locals.user.email, role: locals.user.role } : null,
	unread: locals.user ? await unreadCount(db, locals.user.id) : 0
});

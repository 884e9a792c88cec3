import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '../db/types.ts';

export interface AuthUser {
	id: number;
	email: string;
	role: Role;
}

const RANK: Record<Role, number> = { user: 0, editor: 1, admin: 2 };

type GuardEvent = Pick<RequestEvent, 'locals' | 'url' | 'request'>;

/** Where to come back to after logging in: the page itself (for a form action, the page it is on). */
function loginUrl(event: GuardEvent): string {
	const back = event.request.method === 'GET' ? event.url.pathname + event.url.search : event.url.pathname;
	return `/login?next=${encodeURIComponent(back)}`;
}

/** The logged-in user, or a 303 to the log-in page that comes back here afterwards. */
export function requireUser(event: GuardEvent): AuthUser {
	const user = event.locals.user;
	if (!user) redirect(303, loginUrl(event));
	return user;
}

/** The logged-in user when their role is `role` or higher (admin satisfies editor); 403 otherwise. */
export function requireRole(event: GuardEvent, role: 'editor' | 'admin'): AuthUser {
	const user = requireUser(event);
	if (RANK[user.role] < RANK[role]) error(403, role === 'admin' ? 'Admins only' : 'Editors only');
	return user;
}

export function hasRole(user: { role: Role } | null | undefined, role: Role): boolean {
	return !!user && RANK[user.role] >= RANK[role];
}

/** `next` only when it is a path on this site (never `//evil.example` or `https://…`). */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || next.length > 2000) return fallback;
	if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
	try {
		const url = new URL(next, 'http://same.invalid');
		if (url.origin !== 'http://same.invalid') return fallback;
		return url.pathname + url.search + url.hash;
	} catch {
		return fallback;
	}
}

// Sessions after lucia-auth.com's current guide: the token is `id.secret`, the database keeps
// only the SHA-256 of the secret, compared in constant time; 30 days of sliding expiry,
// extended at most once an hour so most requests only read.
import type { Cookies } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const SESSION_COOKIE = 'session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_REFRESH_MS = 60 * 60 * 1000;

/** 20 random bytes (160 bits) as 32 characters of lower-case base32. */
const PART = /^[a-z2-7]{32}$/;

export interface SessionUser {
	id: number;
	email: string;
	role: Role;
}

export interface Session {
	id: string;
	userId: number;
	createdAt: Date;
	expiresAt: Date;
	lastVerifiedAt: Date;
}

export interface ValidatedSession {
	session: Session;
	user: SessionUser;
	/** The expiry moved forward in this request: the cookie should be sent again. */
	fresh: boolean;
}

function randomPart(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<{ token: string; session: Session }> {
	const id = randomPart();
	const secret = randomPart();
	const session: Session = { id, userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), lastVerifiedAt: now };
	await db
		.insertInto('sessions')
		.values({
			id,
			user_id: userId,
			// Buffer is a Uint8Array both drivers send as bytea.
			secret_hash: Buffer.from(hashSecret(secret)),
			created_at: now,
			expires_at: session.expiresAt,
			last_verified_at: now
		})
		.execute();
	return { token: `${id}.${secret}`, session };
}

/** The session and its user for a token, or null when it is malformed, unknown, tampered with or expired. */
export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<ValidatedSession | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || !PART.test(parts[0]) || !PART.test(parts[1])) return null;
	const [id, secret] = parts;
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.user_id',
			'sessions.secret_hash',
			'sessions.created_at',
			'sessions.expires_at',
			'sessions.last_verified_at',
			'users.email',
			'users.role'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
	if (row.expires_at.getTime() <= now.getTime()) {
		await invalidateSession(db, id);
		return null;
	}
	const session: Session = {
		id,
		userId: row.user_id,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		lastVerifiedAt: row.last_verified_at
	};
	let fresh = false;
	if (now.getTime() - row.last_verified_at.getTime() >= SESSION_REFRESH_MS) {
		session.lastVerifiedAt = now;
		session.expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		await db
			.updateTable('sessions')
			.set({ last_verified_at: session.lastVerifiedAt, expires_at: session.expiresAt })
			.where('id', '=', id)
			.execute();
		fresh = true;
	}
	return { session, user: { id: row.user_id, email: row.email, role: row.role }, fresh };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, or every one but `exceptSessionId` (the one changing a password). */
export async function invalidateUserSessions(db: Db, userId: number, exceptSessionId?: string): Promise<number> {
	let query = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
	const result = await query.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Removes sessions past their expiry (housekeeping; expired ones are refused anyway). */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
	const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}

interface CookieTarget {
	cookies: Cookies;
	url: URL;
}

/** Secure everywhere but plain-HTTP development on this machine, where browsers would drop it. */
function secure(url: URL): boolean {
	return !(url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

export function setSessionCookie(event: CookieTarget, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: secure(event.url),
		expires: expiresAt
	});
}

export function deleteSessionCookie(event: CookieTarget): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(event.url) });
}

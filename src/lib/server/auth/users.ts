import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../db/types.ts';
import { EMAIL_MAX } from '../../account-rules.ts';
import { hashPassword, passwordProblem, verifyDummyPassword, verifyPassword } from './password.ts';
import { invalidateUserSessions, type SessionUser } from './session.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const ROLES: readonly Role[] = ['user', 'editor', 'admin'];

/** A request the user can fix (bad e-mail, weak password, address taken): the message is for them. */
export class AccountError extends Error {
	readonly field: 'email' | 'password' | 'newPassword' | 'role' | null;
	constructor(message: string, field: 'email' | 'password' | 'newPassword' | 'role' | null = null) {
		super(message);
		this.name = 'AccountError';
		this.field = field;
	}
}

/** The stored form of an address: trimmed and lower-case. Throws AccountError when it is not one. */
export function normaliseEmail(input: string): string {
	const email = input.trim().toLowerCase();
	if (!email) throw new AccountError('Enter your e-mail address.', 'email');
	if (email.length > EMAIL_MAX) throw new AccountError(`E-mail addresses are at most ${EMAIL_MAX} characters.`, 'email');
	const at = email.split('@');
	if (at.length !== 2 || !at[0] || !/^[^\s@]+\.[^\s@.]+$/.test(at[1]) || /\s/.test(at[0]))
		throw new AccountError('Enter an e-mail address like name@example.com.', 'email');
	return email;
}

function checkPassword(password: string, field: 'password' | 'newPassword' = 'password'): void {
	const problem = passwordProblem(password);
	if (problem) throw new AccountError(problem, field);
}

function isUniqueViolation(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function createUser(db: Db, input: { email: string; password: string; role?: Role }): Promise<SessionUser> {
	const email = normaliseEmail(input.email);
	checkPassword(input.password);
	const role = input.role ?? 'user';
	if (!ROLES.includes(role)) throw new AccountError(`role must be one of ${ROLES.join(', ')}`, 'role');
	if (await findUserByEmail(db, email)) throw new AccountError('An account with this e-mail address already exists.', 'email');
	const passwordHash = await hashPassword(input.password);
	try {
		return await db
			.insertInto('users')
			.values({ email, password_hash: passwordHash, role })
			.returning(['id', 'email', 'role'])
			.executeTakeFirstOrThrow();
	} catch (error) {
		// Two sign-ups for one address at the same moment: the unique index decides.
		if (isUniqueViolation(error)) throw new AccountError('An account with this e-mail address already exists.', 'email');
		throw error;
	}
}

export async function findUserByEmail(db: Db, email: string): Promise<(SessionUser & { passwordHash: string }) | undefined> {
	const row = await db
		.selectFrom('users')
		.select(['id', 'email', 'role', 'password_hash'])
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
		.executeTakeFirst();
	return row && { id: row.id, email: row.email, role: row.role, passwordHash: row.password_hash };
}

export async function findUserById(db: Db, id: number): Promise<SessionUser | undefined> {
	return db.selectFrom('users').select(['id', 'email', 'role']).where('id', '=', id).executeTakeFirst();
}

/**
 * The user whose e-mail and password these are, or null. An unknown address costs the same
 * argon2 verification as a wrong password, so timing does not tell which addresses exist.
 */
export async function authenticate(db: Db, email: string, password: string): Promise<SessionUser | null> {
	const user = email.trim() && email.length <= EMAIL_MAX ? await findUserByEmail(db, email) : undefined;
	if (!user) return verifyDummyPassword(password).then(() => null);
	if (!(await verifyPassword(user.passwordHash, password))) return null;
	return { id: user.id, email: user.email, role: user.role };
}

/**
 * Sets a new password after checking the current one, and ends every other session of the
 * user (a stolen session must not survive the change). Throws AccountError.
 */
export async function changePassword(
	db: Db,
	input: { userId: number; currentPassword: string; newPassword: string; keepSessionId?: string }
): Promise<void> {
	const row = await db.selectFrom('users').select('password_hash').where('id', '=', input.userId).executeTakeFirst();
	if (!row || !(await verifyPassword(row.password_hash, input.currentPassword)))
		throw new AccountError('Your current password is not right.', 'password');
	checkPassword(input.newPassword, 'newPassword');
	const passwordHash = await hashPassword(input.newPassword);
	await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', input.userId).execute();
	await invalidateUserSessions(db, input.userId, input.keepSessionId);
}

/** Sets a password without knowing the old one (the operator's CLI). Ends every session. */
export async function setPassword(db: Db, userId: number, password: string): Promise<void> {
	checkPassword(password);
	const passwordHash = await hashPassword(password);
	await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
	await invalidateUserSessions(db, userId);
}

export async function setRole(db: Db, email: string, role: Role): Promise<SessionUser | undefined> {
	if (!ROLES.includes(role)) throw new AccountError(`role must be one of ${ROLES.join(', ')}`, 'role');
	return db
		.updateTable('users')
		.set({ role })
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
		.returning(['id', 'email', 'role'])
		.executeTakeFirst();
}

/**
 * Deletes the account and everything that is the user's: sessions go by the foreign key's
 * cascade, the per-address log-in counter here. (Review history names reviewers by e-mail
 * and stays, as the record of who changed the catalog.)
 */
export async function deleteUser(db: Db, userId: number): Promise<boolean> {
	const deleted = await db.deleteFrom('users').where('id', '=', userId).returning('email').executeTakeFirst();
	if (!deleted) return false;
	await db.deleteFrom('rate_limits').where('key', '=', `login:email:${deleted.email}`).execute();
	return true;
}

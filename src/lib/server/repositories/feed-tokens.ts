// Secret feed URLs for calendar apps and feed readers, which cannot log in: the token in the URL is
// the credential. 160 random bits; only its SHA-256 is stored, so the full URL can be shown only once.
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Kysely, Transaction } from 'kysely';
import type { DB, FeedKind } from '../db/types.ts';
import { hashSecret } from '../auth/session.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const FEED_KINDS: readonly FeedKind[] = ['calendar', 'atom'];

const TOKEN = /^[a-z2-7]{32}$/;

export function isFeedKind(value: unknown): value is FeedKind {
	return typeof value === 'string' && (FEED_KINDS as readonly string[]).includes(value);
}

function tokenHash(token: string): Buffer {
	return Buffer.from(hashSecret(token));
}

export interface FeedTokenInfo {
	kind: FeedKind;
	createdAt: Date;
}

/** The user's live feeds (at most one per kind). */
export async function listFeedTokens(db: Executor, userId: number): Promise<FeedTokenInfo[]> {
	const rows = await db
		.selectFrom('feed_tokens')
		.select(['kind', 'created_at'])
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.orderBy('id')
		.execute();
	const byKind = new Map<FeedKind, FeedTokenInfo>();
	for (const r of rows) byKind.set(r.kind, { kind: r.kind, createdAt: r.created_at });
	return [...byKind.values()];
}

async function revokeActive(db: Executor, userId: number, kind: FeedKind, now: Date): Promise<number> {
	const result = await db
		.updateTable('feed_tokens')
		.set({ revoked_at: now })
		.where('user_id', '=', userId)
		.where('kind', '=', kind)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/**
 * A new secret token for the user's feed of `kind`, returned once. Any earlier token of that kind
 * stops working, so a user has at most one live URL per feed (regenerating is creating again).
 */
export async function createFeedToken(db: Executor, userId: number, kind: FeedKind, now = new Date()): Promise<{ token: string }> {
	if (!isFeedKind(kind)) throw new Error(`unknown feed kind ${String(kind)}`);
	const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
	const write = async (tx: Executor) => {
		await revokeActive(tx, userId, kind, now);
		await tx.insertInto('feed_tokens').values({ user_id: userId, kind, token_hash: tokenHash(token) }).execute();
	};
	if (db.isTransaction) await write(db);
	else await (db as Kysely<DB>).transaction().execute(write);
	return { token };
}

/** Revokes the user's live token of `kind` and makes a new one. */
export function regenerateFeedToken(db: Executor, userId: number, kind: FeedKind, now = new Date()): Promise<{ token: string }> {
	return createFeedToken(db, userId, kind, now);
}

/** Revokes the user's own live token of `kind`; false when there was none. */
export async function revokeFeedToken(db: Executor, userId: number, kind: FeedKind, now = new Date()): Promise<boolean> {
	return (await revokeActive(db, userId, kind, now)) > 0;
}

/**
 * The user a live token of `kind` belongs to, or null for a malformed, unknown, revoked or
 * other-kind token. Looked up by hash: no secret is compared in JavaScript.
 */
export async function verifyFeedToken(db: Executor, token: string | null | undefined, kind: FeedKind): Promise<{ userId: number } | null> {
	if (!token || !TOKEN.test(token)) return null;
	const row = await db
		.selectFrom('feed_tokens')
		.select('user_id')
		.where('token_hash', '=', tokenHash(token))
		.where('kind', '=', kind)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return row ? { userId: row.user_id } : null;
}

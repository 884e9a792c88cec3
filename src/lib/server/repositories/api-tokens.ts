import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Creates a token and returns it once; only its SHA-256 is stored. 160 random bits. */
export async function createApiToken(db: Executor, name: string): Promise<{ id: number; token: string }> {
	const token = `sw_${randomBytes(20).toString('base64url')}`;
	const row = await db
		.insertInto('api_tokens')
		.values({ name, token_hash: hashToken(token) })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, token };
}

/**
 * The token's name when it is valid and not revoked. The lookup is by hash, so comparing
 * secrets never happens in JavaScript and timing reveals nothing about a stored token.
 */
export async function verifyApiToken(db: Executor, token: string | null | undefined): Promise<{ id: number; name: string } | null> {
	if (!token || token.length > 200 || !token.startsWith('sw_')) return null;
	const row = await db
		.updateTable('api_tokens')
		.set({ last_used_at: new Date() })
		.where('token_hash', '=', hashToken(token))
		.where('revoked_at', 'is', null)
		.returning(['id', 'name'])
		.executeTakeFirst();
	return row ?? null;
}

export async function revokeApiToken(db: Executor, id: number): Promise<boolean> {
	const result = await db
		.updateTable('api_tokens')
		.set({ revoked_at: new Date() })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function listApiTokens(db: Executor) {
	return db
		.selectFrom('api_tokens')
		.select(['id', 'name', 'created_at as createdAt', 'last_used_at as lastUsedAt', 'revoked_at as revokedAt'])
		.orderBy('id')
		.execute();
}

/** "Bearer sw_…" → "sw_…" */
export function bearerToken(header: string | null): string | null {
	const match = header?.match(/^Bearer\s+(\S+)$/i);
	return match ? match[1] : null;
}

// Fixed-window counters in the `rate_limits` table, so a limit holds however many app
// instances serve behind a load balancer. One upsert per attempt: no read-then-write race.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface Limit {
	limit: number;
	windowSeconds: number;
}

function fromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Failed log-ins per e-mail address (SW_LIMIT_LOGIN_EMAIL lowers it for tests). */
export const LOGIN_PER_EMAIL: Limit = { limit: fromEnv('SW_LIMIT_LOGIN_EMAIL', 5), windowSeconds: 15 * 60 };
/** Failed log-ins per client address. */
export const LOGIN_PER_IP: Limit = { limit: fromEnv('SW_LIMIT_LOGIN_IP', 20), windowSeconds: 15 * 60 };
/** Accounts created per client address. */
export const SIGNUP_PER_IP: Limit = { limit: fromEnv('SW_LIMIT_SIGNUP_IP', 5), windowSeconds: 60 * 60 };

export interface RateLimitResult {
	allowed: boolean;
	/** Seconds until the window resets (0 when allowed). */
	retryAfterSeconds: number;
}

/**
 * Counts one attempt against `key`: a window opens at the first attempt and lasts
 * `windowSeconds`; attempts beyond `limit` in it are refused (and still counted).
 */
export async function consume(db: Db, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
	const window = sql`(${windowSeconds}::int * interval '1 second')`;
	const expired = sql`rate_limits.window_start <= now() - ${window}`;
	const { rows } = await sql<{ count: number; retry: number }>`
		insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
		on conflict (key) do update set
			window_start = case when ${expired} then now() else rate_limits.window_start end,
			count = case when ${expired} then 1 else rate_limits.count + 1 end
		returning count, ceil(extract(epoch from (window_start + ${window} - now())))::int as retry
	`.execute(db);
	const { count, retry } = rows[0];
	return count <= limit ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, retry) };
}

/** Gives back one attempt (a log-in that succeeded is not a failure). */
export async function refund(db: Db, key: string): Promise<void> {
	await db
		.updateTable('rate_limits')
		.set((eb) => ({ count: sql<number>`greatest(${eb.ref('count')} - 1, 0)` }))
		.where('key', '=', key)
		.execute();
}

export async function resetLimit(db: Db, key: string): Promise<void> {
	await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/** Counts an attempt against several limits at once; refused when any one is exhausted. */
export async function consumeAll(db: Db, checks: { key: string; limit: Limit }[]): Promise<RateLimitResult> {
	let worst: RateLimitResult = { allowed: true, retryAfterSeconds: 0 };
	for (const { key, limit } of checks) {
		const result = await consume(db, key, limit.limit, limit.windowSeconds);
		if (!result.allowed && result.retryAfterSeconds >= worst.retryAfterSeconds) worst = result;
	}
	return worst;
}

export function tooManyMessage(retryAfterSeconds: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
	return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export const loginEmailKey = (email: string) => `login:email:${email.trim().toLowerCase()}`;
export const loginIpKey = (ip: string) => `login:ip:${ip}`;
export const signupIpKey = (ip: string) => `signup:ip:${ip}`;

import { recomputeSeasons } from './estimates.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB, WindowPrecision } from '../db/types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The fields an editor may correct on a claim. */
export interface ClaimCorrection {
	status?: string | null;
	statusFrom?: string | null;
	statusTo?: string | null;
	windowFrom?: string | null;
	windowTo?: string | null;
	windowPrecision?: WindowPrecision | null;
	windowLabel?: string | null;
	episodes?: number | null;
	platform?: string | null;
	negated?: boolean;
	hedged?: boolean;
}

const COLUMNS = {
	status: 'status',
	statusFrom: 'status_from',
	statusTo: 'status_to',
	windowFrom: 'window_from',
	windowTo: 'window_to',
	windowPrecision: 'window_precision',
	windowLabel: 'window_label',
	episodes: 'episodes',
	platform: 'platform',
	negated: 'negated',
	hedged: 'hedged'
} as const;

export class ReviewError extends Error {}

/**
 * Approves, rejects or corrects a claim. The change and the claim before and after are kept
 * in claim_reviews with who made it. Returns the season the claim is about, so the caller
 * can recompute what depends on it in the same transaction.
 */
export async function reviewClaim(
	trx: Transaction<DB>,
	{ claimId, action, reviewer, correction, note }: { claimId: number; action: 'approve' | 'reject' | 'correct'; reviewer: string; correction?: ClaimCorrection; note?: string }
): Promise<{ seasonId: number }> {
	const before = await trx.selectFrom('claims').selectAll().where('id', '=', claimId).forUpdate().executeTakeFirst();
	if (!before) throw new ReviewError(`no claim ${claimId}`);
	const changes: Record<string, unknown> = {};
	if (action === 'correct') {
		for (const [key, column] of Object.entries(COLUMNS)) {
			const value = correction?.[key as keyof ClaimCorrection];
			if (value !== undefined) changes[column] = value;
		}
		if (!Object.keys(changes).length) throw new ReviewError('a correction must change at least one field');
		const from = (changes.window_from ?? before.window_from) as string | null;
		const to = (changes.window_to ?? before.window_to) as string | null;
		if (from && to && from > to) throw new ReviewError('the window must not end before it starts');
	}
	const state = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'corrected';
	const after = await trx
		.updateTable('claims')
		.set({ ...changes, review_state: state })
		.where('id', '=', claimId)
		.returningAll()
		.executeTakeFirstOrThrow();
	await trx
		.insertInto('claim_reviews')
		.values({ claim_id: claimId, action, reviewer, before: JSON.stringify(before), after: JSON.stringify(after), note: note ?? null })
		.execute();
	// An editor's word outranks automatic claims: the estimate follows in the same transaction.
	await recomputeSeasons(trx, [after.season_id], { newsItemId: after.news_item_id });
	return { seasonId: after.season_id };
}

export async function claimHistory(db: Executor, claimId: number) {
	return db
		.selectFrom('claim_reviews')
		.select(['id', 'action', 'reviewer', 'before', 'after', 'note', 'created_at as createdAt'])
		.where('claim_id', '=', claimId)
		.orderBy('id')
		.execute();
}

import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { listReviewQueue } from '#lib/server/repositories/news.ts';
import { wakeNotifier } from '#lib/server/jobs.ts';
import { reviewClaim, ReviewError, type ClaimCorrection } from '#lib/server/repositories/claims.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import { windowLabel } from '#lib/domain/extract/windows.ts';
import type { WindowPrecision } from '#lib/server/db/types.ts';
import type { Actions, PageServerLoad } from './$types';

const PRECISIONS: WindowPrecision[] = ['day', 'month', 'part-of-year', 'season', 'quarter', 'half', 'year'];
const STATUSES = ['renewed', 'in-development', 'casting', 'filming-started', 'filming', 'wrapped', 'post-production', 'release-dated', 'released', 'cancelled'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'editor');
	const { page, perPage } = parsePage(event.url.searchParams, 20);
	const { items, total } = await listReviewQueue(db, { page, perPage });
	return { items, total, page, pages: pageCount(total, perPage), precisions: PRECISIONS, statuses: STATUSES };
};

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** Reads the fields an editor filled in; blank fields stay as they were. Throws ReviewError. */
function readCorrection(form: FormData): ClaimCorrection {
	const correction: ClaimCorrection = {};
	const status = text(form, 'status');
	if (status) {
		if (!STATUSES.includes(status)) throw new ReviewError(`unknown status "${status.slice(0, 40)}"`);
		correction.status = status;
	}
	const from = text(form, 'windowFrom');
	const to = text(form, 'windowTo');
	const precision = text(form, 'windowPrecision');
	if (from || to || precision) {
		if (!DAY.test(from) || !DAY.test(to)) throw new ReviewError('a corrected window needs a first and a last day, written YYYY-MM-DD');
		if (from > to) throw new ReviewError('the window must not end before it starts');
		if (!PRECISIONS.includes(precision as WindowPrecision)) throw new ReviewError('choose the window’s precision');
		correction.windowFrom = from;
		correction.windowTo = to;
		correction.windowPrecision = precision as WindowPrecision;
		correction.windowLabel = windowLabel({ from, to, precision: precision as WindowPrecision, label: '' });
	}
	const episodes = text(form, 'episodes');
	if (episodes) {
		if (!/^\d{1,3}$/.test(episodes) || Number(episodes) < 1) throw new ReviewError('episodes must be a whole number from 1 to 999');
		correction.episodes = Number(episodes);
	}
	const platform = text(form, 'platform');
	if (platform) {
		if (platform.length > 60) throw new ReviewError('platform must be at most 60 characters');
		correction.platform = platform;
	}
	const negated = form.get('negated');
	if (negated !== null) correction.negated = negated === 'on';
	return correction;
}

async function review(event: RequestEvent, action: 'approve' | 'reject' | 'correct') {
	const user = requireRole(event, 'editor');
	const form = await event.request.formData();
	const claimId = Number(text(form, 'claimId'));
	if (!Number.isInteger(claimId) || claimId < 1) error(400, 'claimId must be a claim’s number');
	const note = text(form, 'note').slice(0, 500) || undefined;
	try {
		const correction = action === 'correct' ? readCorrection(form) : undefined;
		await db.transaction().execute((trx) => reviewClaim(trx, { claimId, action, reviewer: user.email, correction, note }));
		await wakeNotifier();
	} catch (e) {
		if (e instanceof ReviewError) return fail(400, { claimId, message: e.message });
		throw e;
	}
	redirect(303, `/editor/review?${event.url.searchParams.toString()}#queue`);
}

export const actions: Actions = {
	approve: (event) => review(event, 'approve'),
	reject: (event) => review(event, 'reject'),
	correct: (event) => review(event, 'correct')
};

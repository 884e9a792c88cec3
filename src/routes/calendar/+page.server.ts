import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { listCalendarEntries } from '#lib/server/repositories/calendar.ts';
import { watchedSeasonIds } from '#lib/server/repositories/watchlist.ts';
import { requireUser } from '#lib/server/auth/guards.ts';
import { monthGrid, monthKey, MonthError, parseMonth, shiftMonth, type Month } from '#lib/domain/calendar.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url } = event;
	const mine = url.searchParams.get('mine') === '1';
	// Only the seasons on the user's own watchlist: a user is needed (anonymous: off to log in).
	const seasonIds = mine ? await watchedSeasonIds(db, requireUser(event).id) : undefined;
	let month: Month;
	const raw = url.searchParams.get('month');
	if (raw === null) {
		const now = new Date();
		month = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
	} else {
		try {
			month = parseMonth(raw);
		} catch (e) {
			if (e instanceof MonthError) error(400, e.message);
			throw e;
		}
	}
	const grid = monthGrid(month);
	const weeksFirst = grid.weeks[0][0].day;
	const weeksLast = grid.weeks.at(-1)![6].day;
	const { entries, moreWindows } = await listCalendarEntries(db, { first: weeksFirst, last: weeksLast, seasonIds });
	return {
		month: monthKey(month),
		previous: monthKey(shiftMonth(month, -1)),
		next: monthKey(shiftMonth(month, 1)),
		grid,
		entries,
		moreWindows,
		mine
	};
};

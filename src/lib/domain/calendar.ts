import { addDays, addMonths, endOfMonth, format, parseISO, startOfISOWeek, endOfISOWeek, differenceInCalendarDays } from 'date-fns';

export interface Month {
	year: number;
	month: number; // 1–12
}

export class MonthError extends Error {}

/** "2018-06" → { year: 2018, month: 6 }; throws MonthError on anything else. */
export function parseMonth(text: string): Month {
	const match = /^(\d{4})-(\d{2})$/.exec(text);
	const year = match ? Number(match[1]) : NaN;
	const month = match ? Number(match[2]) : NaN;
	if (!match || month < 1 || month > 12 || year < 1950 || year > 2100) {
		throw new MonthError(`month must be written YYYY-MM (1950–2100), not "${text.slice(0, 20)}"`);
	}
	return { year, month };
}

export function monthKey({ year, month }: Month): string {
	return `${year}-${String(month).padStart(2, '0')}`;
}

export function shiftMonth(value: Month, by: number): Month {
	const date = addMonths(new Date(Date.UTC(value.year, value.month - 1, 1, 12)), by);
	return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

const iso = (date: Date) => format(date, 'yyyy-MM-dd');

/** The month's first and last day, and the Monday-to-Sunday weeks that cover it. */
export function monthGrid(value: Month): { first: string; last: string; weeks: { day: string; inMonth: boolean }[][] } {
	const first = new Date(value.year, value.month - 1, 1, 12);
	const last = endOfMonth(first);
	const weeks: { day: string; inMonth: boolean }[][] = [];
	for (let start = startOfISOWeek(first); start <= endOfISOWeek(last); start = addDays(start, 7)) {
		weeks.push(Array.from({ length: 7 }, (_, i) => {
			const day = addDays(start, i);
			return { day: iso(day), inMonth: day.getMonth() === value.month - 1 };
		}));
	}
	return { first: iso(first), last: iso(last), weeks };
}

export interface Span {
	id: string | number;
	from: string;
	to: string;
}

export interface PlacedSpan<T extends Span> {
	item: T;
	lane: number;
	/** 1-based grid column of the first day in this week, and how many days it covers. */
	column: number;
	length: number;
	continuesBefore: boolean;
	continuesAfter: boolean;
}

/**
 * Lays spans (windows, or single days) out across one week's seven columns: each span gets
 * the lowest lane free for all its days, so bands never overlap. Spans are placed longest
 * first within a start day, so a long window keeps one lane across the week.
 */
export function layoutWeek<T extends Span>(week: { day: string }[], spans: T[]): PlacedSpan<T>[] {
	const weekStart = week[0].day;
	const weekEnd = week[6].day;
	const inWeek = spans
		.filter((s) => s.from <= weekEnd && s.to >= weekStart)
		.map((item) => {
			const from = item.from < weekStart ? weekStart : item.from;
			const to = item.to > weekEnd ? weekEnd : item.to;
			const column = differenceInCalendarDays(parseISO(from), parseISO(weekStart)) + 1;
			const length = differenceInCalendarDays(parseISO(to), parseISO(from)) + 1;
			return { item, column, length, continuesBefore: item.from < weekStart, continuesAfter: item.to > weekEnd };
		})
		.sort((a, b) => a.column - b.column || b.length - a.length);
	const lanes: boolean[][] = [];
	return inWeek.map((span) => {
		let lane = 0;
		for (; ; lane++) {
			lanes[lane] ??= Array(8).fill(false);
			let free = true;
			for (let c = span.column; c < span.column + span.length; c++) if (lanes[lane][c]) free = false;
			if (free) break;
		}
		for (let c = span.column; c < span.column + span.length; c++) lanes[lane][c] = true;
		return { ...span, lane };
	});
}

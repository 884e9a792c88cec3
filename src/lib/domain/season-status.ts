import type { DatePrecision, SeasonStatus } from '../server/db/types.ts';

/** A catalog date as written in data files: 'YYYY-MM-DD' (a day), 'YYYY-MM' (a month) or 'YYYY' (a year). */
export interface FuzzyDay {
	day: string;
	precision: DatePrecision;
}

const FORMS: [RegExp, DatePrecision][] = [
	[/^\d{4}-\d{2}-\d{2}$/, 'day'],
	[/^\d{4}-\d{2}$/, 'month'],
	[/^\d{4}$/, 'year']
];

/** Parses a catalog date to its first day and precision; throws on anything else. */
export function parseFuzzyDay(text: string): FuzzyDay {
	for (const [form, precision] of FORMS) {
		if (!form.test(text)) continue;
		const day = precision === 'day' ? text : precision === 'month' ? `${text}-01` : `${text}-01-01`;
		const date = new Date(`${day}T00:00:00Z`);
		if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) break;
		return { day, precision };
	}
	throw new Error(`not a date: "${text}" (expected YYYY-MM-DD, YYYY-MM or YYYY)`);
}

export interface SeasonFacts {
	orderedAt?: string | null;
	filmingStart?: string | null;
	filmingWrap?: string | null;
	releaseDate?: string | null;
	cancelled?: boolean;
}

/** The production status a season's known facts put it in on `today` ('YYYY-MM-DD'). */
export function statusFromFacts(facts: SeasonFacts, today: string): SeasonStatus {
	if (facts.cancelled) return 'cancelled';
	if (facts.releaseDate) return facts.releaseDate <= today ? 'released' : 'dated';
	if (facts.filmingWrap && facts.filmingWrap <= today) return 'wrapped';
	if (facts.filmingStart && facts.filmingStart <= today) return 'filming';
	if (facts.orderedAt) return 'renewed';
	return 'announced';
}

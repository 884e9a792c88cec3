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

/** How far along each status is; cancelled ends everything. */
const STATUS_RANK: Record<SeasonStatus, number> = { announced: 0, renewed: 1, filming: 2, wrapped: 3, 'post-production': 4, dated: 5, released: 6, cancelled: 7 };

/** The season status a claim's status stands for. Released is left to the catalog's date. */
const CLAIMED: Record<string, SeasonStatus> = {
	renewed: 'renewed',
	'in-development': 'renewed',
	casting: 'renewed',
	'filming-started': 'filming',
	filming: 'filming',
	wrapped: 'wrapped',
	'post-production': 'post-production',
	'release-dated': 'dated',
	cancelled: 'cancelled'
};

export interface StatusClaim {
	kind: string;
	status: string | null;
	negated: boolean;
	reviewState: string;
}

/**
 * The status to show: the catalog's, or further along where the news has said so ("wrapped" in a
 * story while the catalog still says renewed; dated once a reported day is what the estimate rests
 * on). Negated and rejected claims say nothing; a
 * released or cancelled season in the catalog stays as it is.
 */
export function reportedStatus(catalog: SeasonStatus, claims: StatusClaim[], { dated = false }: { dated?: boolean } = {}): { status: SeasonStatus; fromNews: boolean } {
	if (catalog === 'released' || catalog === 'cancelled') return { status: catalog, fromNews: false };
	// A reported release day (the estimate rests on it) dates the season too.
	let best: SeasonStatus = dated && STATUS_RANK[catalog] < STATUS_RANK.dated ? 'dated' : catalog;
	for (const c of claims) {
		if (c.kind !== 'status' || !c.status || c.negated || c.reviewState === 'rejected') continue;
		const status = CLAIMED[c.status];
		if (status && STATUS_RANK[status] > STATUS_RANK[best]) best = status;
	}
	return { status: best, fromNews: best !== catalog };
}

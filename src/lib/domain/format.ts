import type { DatePrecision, ProductionEventKind, SeasonStatus } from '../server/db/types.ts';

// Formatters are built once: pages format hundreds of days per request.
const FORMATS: Record<DatePrecision, Intl.DateTimeFormat> = {
	day: new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
	month: new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
	year: new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: 'UTC' })
};

/** A day ('YYYY-MM-DD') at its honest precision: "June 22, 2018", "June 2018" or "2018". */
export function formatDay(day: string, precision: DatePrecision = 'day'): string {
	const [year, month, date] = day.split('-').map(Number);
	return FORMATS[precision].format(Date.UTC(year, month - 1, date));
}

export const STATUS_LABELS: Record<SeasonStatus, string> = {
	announced: 'Announced',
	renewed: 'Renewed',
	filming: 'Filming',
	wrapped: 'Filming wrapped',
	'post-production': 'In post-production',
	dated: 'Release dated',
	released: 'Released',
	cancelled: 'Cancelled'
};

export const EVENT_LABELS: Record<ProductionEventKind, string> = {
	renewed: 'Ordered or renewed',
	'filming-started': 'Filming started',
	wrapped: 'Filming wrapped',
	'release-dated': 'Release date announced',
	released: 'Released',
	cancelled: 'Cancelled'
};

export interface DescribableClaim {
	kind: 'status' | 'releaseWindow' | 'releaseOrder' | 'episodeCount' | 'platform';
	status: string | null;
	statusFrom: string | null;
	statusTo: string | null;
	windowLabel: string | null;
	windowFrom: string | null;
	windowTo: string | null;
	afterSeriesTitle: string | null;
	afterSeason: number | null;
	episodes: number | null;
	platform: string | null;
	hedged: boolean;
	negated: boolean;
}

const CLAIM_STATUS_LABELS: Record<string, string> = {
	renewed: 'Renewed or ordered',
	'in-development': 'In development',
	casting: 'Casting',
	'filming-started': 'Filming started',
	filming: 'Filming',
	wrapped: 'Filming wrapped',
	'post-production': 'In post-production',
	'release-dated': 'Release date announced',
	released: 'Released',
	cancelled: 'Cancelled'
};

function dayRange(from: string, to: string): string {
	return from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`;
}

/** One line a reader understands: "Release window: early 2018 (hedged)". */
export function describeClaim(claim: DescribableClaim): string {
	let text: string;
	switch (claim.kind) {
		case 'status':
			text = CLAIM_STATUS_LABELS[claim.status ?? ''] ?? claim.status ?? 'Status';
			if (claim.statusFrom && claim.statusTo) text += ` (${dayRange(claim.statusFrom, claim.statusTo)})`;
			break;
		case 'releaseWindow':
			text = `${claim.negated ? 'Not released in' : 'Release window:'} ${claim.windowLabel ?? (claim.windowFrom && claim.windowTo ? dayRange(claim.windowFrom, claim.windowTo) : 'unknown')}`;
			break;
		case 'releaseOrder':
			text = `Releases after ${claim.afterSeriesTitle ?? 'another season'}${claim.afterSeason ? ` season ${claim.afterSeason}` : ''}`;
			break;
		case 'episodeCount':
			text = `${claim.episodes} episodes`;
			break;
		case 'platform':
			text = `On ${claim.platform}`;
			break;
	}
	if (claim.hedged && !claim.negated) text += ' (hedged)';
	return text;
}

export const ATTRIBUTION_LABELS = {
	outlet: 'the outlet',
	person: 'a quoted person',
	'writer-guess': "the writer's guess"
} as const;

const MONTH_ONLY = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });

function monthName(day: string, withYear: boolean): string {
	const [year, month] = day.split('-').map(Number);
	return withYear ? FORMATS.month.format(Date.UTC(year, month - 1, 1)) : MONTH_ONLY.format(Date.UTC(year, month - 1, 1));
}

const STAGE_SENTENCE: Partial<Record<ProductionEventKind, string>> = {
	renewed: 'ordered',
	'filming-started': 'filming began',
	wrapped: 'filming wrapped',
	'release-dated': 'the date was announced'
};

/**
 * An estimate in one sentence a fan reads at a glance: "Most likely June 2018 — between April
 * and August 2018; filming began June 2017." or "Comes out June 22, 2018."
 */
export function estimateSentence(
	estimate: { from: string; to: string; likely: string; precision: string },
	latest?: { kind: ProductionEventKind; occurredOn: string; precision?: DatePrecision } | null
): string {
	let text: string;
	if (estimate.from === estimate.to) text = `Comes out ${formatDay(estimate.from)}`;
	else {
		const sameYear = estimate.from.slice(0, 4) === estimate.to.slice(0, 4);
		const sameMonth = estimate.from.slice(0, 7) === estimate.to.slice(0, 7);
		const range = sameMonth ? monthName(estimate.from, true) : `between ${monthName(estimate.from, !sameYear)} and ${monthName(estimate.to, true)}`;
		text = `Most likely ${monthName(estimate.likely, true)}${sameMonth ? '' : ` — ${range}`}`;
	}
	const stage = latest && STAGE_SENTENCE[latest.kind];
	if (stage && estimate.from !== estimate.to) text += `; ${stage} ${formatDay(latest!.occurredOn, latest!.precision === 'day' ? 'month' : (latest!.precision ?? 'month'))}`;
	return `${text}.`;
}

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

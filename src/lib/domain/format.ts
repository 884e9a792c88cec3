import { format, parseISO } from 'date-fns';
import type { DatePrecision, ProductionEventKind, SeasonStatus } from '../server/db/types.ts';

/** A day at its honest precision: "June 22, 2018", "June 2018" or "2018". */
export function formatDay(day: string, precision: DatePrecision = 'day'): string {
	const date = parseISO(day);
	if (precision === 'year') return format(date, 'yyyy');
	if (precision === 'month') return format(date, 'MMMM yyyy');
	return format(date, 'MMMM d, yyyy');
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

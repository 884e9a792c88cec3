import type { EstimateSnapshot } from './estimate/estimate.ts';

/** Every event a follower can hear of, in the order the settings page lists them. */
export const NOTIFICATION_KINDS = [
	'first estimate',
	'renewed',
	'filming started',
	'wrapped',
	'narrowed',
	'slipped',
	'moved earlier',
	'new evidence',
	'dated',
	'released',
	'cancelled'
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each event is called on the settings page. */
export const KIND_LABELS: Record<NotificationKind, string> = {
	'first estimate': 'A season is announced (its first estimate)',
	renewed: 'Renewed',
	'filming started': 'Filming started',
	wrapped: 'Filming wrapped',
	narrowed: 'Release window narrowed',
	slipped: 'Release slipped later',
	'moved earlier': 'Release moved earlier',
	'new evidence': 'Estimate changed on new evidence',
	dated: 'Release date announced',
	released: 'Released',
	cancelled: 'Cancelled'
};

/**
 * Changes of the release window: they wait for the user's quiet period, fold into each other, and
 * one that undoes an earlier one withdraws it. Milestones, releases and cancellations do not.
 */
export const COALESCING_KINDS: string[] = ['narrowed', 'slipped', 'moved earlier', 'new evidence', 'dated'];

export function isNotificationKind(value: string): value is NotificationKind {
	return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export interface NotificationInput {
	series: string;
	season: number;
	kind: string;
	before: EstimateSnapshot | null;
	after: EstimateSnapshot | null;
	/** The title of the story behind the change, if one. */
	story: string | null;
}

/** The title and plain-text body of a notification; the same words go to the inbox, mail and feeds. */
export function notificationText({ series, season, kind, before, after, story }: NotificationInput): { title: string; body: string } {
	const name = `${series} season ${season}`;
	const now = after?.label;
	const was = before?.label;
	let headline: string;
	switch (kind) {
		case 'first estimate':
			headline = now ? `announced, expected ${now}` : 'announced';
			break;
		case 'renewed':
		case 'filming started':
		case 'wrapped':
			headline = kind;
			break;
		case 'narrowed':
			headline = `release window narrowed to ${now}`;
			break;
		case 'slipped':
			headline = `release slipped to ${now}`;
			break;
		case 'moved earlier':
			headline = `release moved earlier, to ${now}`;
			break;
		case 'dated':
			headline = `release dated ${now}`;
			break;
		case 'released':
			headline = 'released';
			break;
		case 'cancelled':
			headline = 'cancelled';
			break;
		default:
			headline = `release estimate now ${now}`;
	}
	const lines: string[] = [];
	if (was && now && was !== now) lines.push(`Expected ${was} before; now ${now}.`);
	else if (now && kind !== 'first estimate') lines.push(`Expected ${now}.`);
	else if (was && !now) lines.push(`It had been expected ${was}.`);
	if (story) lines.push(`From the story “${story}”.`);
	return { title: `${name}: ${headline}`, body: lines.join(' ') };
}

import type { Migration } from 'kysely/migration';
import * as catalog from './2026-11-25T0000-catalog.ts';
import * as news from './2026-11-25T0200-news.ts';
import * as estimates from './2026-11-25T0300-estimates.ts';
import * as accounts from './2026-11-25T0400-accounts.ts';
import * as watchlist from './2026-11-25T0500-watchlist.ts';
import * as statusChanges from './2026-11-25T0600-status-changes.ts';
import * as catalogEdits from './2026-11-25T0700-catalog-edits.ts';
import * as notificationsFanout from './2026-11-25T0800-notifications-fanout.ts';
import * as seriesRedirects from './2026-12-01T0900-series-redirects.ts';
import * as estimateReportedStatus from './2026-12-01T1000-estimate-reported-status.ts';
import * as seasonReportedStatus from './2026-12-01T1100-season-reported-status.ts';

/** Every migration, by its dated name. Kysely runs them in name order. */
export const migrations: Record<string, Migration> = {
	'2026-11-25T0000-catalog': catalog,
	'2026-11-25T0200-news': news,
	'2026-11-25T0300-estimates': estimates,
	'2026-11-25T0400-accounts': accounts,
	'2026-11-25T0500-watchlist': watchlist,
	'2026-11-25T0600-status-changes': statusChanges,
	'2026-11-25T0700-catalog-edits': catalogEdits,
	'2026-11-25T0800-notifications-fanout': notificationsFanout,
	'2026-12-01T0900-series-redirects': seriesRedirects,
	'2026-12-01T1000-estimate-reported-status': estimateReportedStatus,
	'2026-12-01T1100-season-reported-status': seasonReportedStatus
};

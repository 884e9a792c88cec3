import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { pollDueFeeds } from './feeds.ts';

/**
 * Polls due feeds every `intervalMs` in this process. Several instances may each run one:
 * `pollDueFeeds` leases feeds with SKIP LOCKED, so a feed is fetched by one of them at a time.
 * Returns a function that stops it.
 */
export function startFeedPoller(db: Kysely<DB>, { intervalMs = 60_000, allowHosts = [] }: { intervalMs?: number; allowHosts?: string[] } = {}): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			for (const report of await pollDueFeeds(db, { allowHosts })) {
				if (!report.ok) console.warn(`feed ${report.feedId}: ${report.error}`);
			}
		} catch (error) {
			console.error('feed poller:', error instanceof Error ? error.message : error);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(tick, intervalMs);
	timer.unref();
	setTimeout(tick, 1_000).unref();
	return () => clearInterval(timer);
}

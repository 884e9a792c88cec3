import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/index.ts';

export const BENCH_SIZE = { series: 10_000, seasonsPerSeries: 4, eventsPerSeason: 5 };

/**
 * Fills an empty, migrated database with a large synthetic catalog (10,000 series, 40,000
 * seasons, 200,000 production events) in set-based SQL, identical on PostgreSQL and PGlite.
 * Three seasons of each series are released; the fourth is upcoming (renewed, filming or dated).
 */
export async function generateBenchCatalog(db: Database): Promise<{ series: number; seasons: number; events: number }> {
	const { series, seasonsPerSeries, eventsPerSeason } = BENCH_SIZE;
	await sql`insert into networks (slug, name) select 'network-' || n, 'Network ' || n from generate_series(1, 20) n`.execute(db);
	await sql`
		insert into series (slug, title, network_id, aliases, status)
		select 'bench-series-' || i,
		       (array['The', 'Night', 'Last', 'Blue', 'Iron', 'Crown', 'House', 'Dark', 'Lost', 'Wild'])[1 + i % 10]
		         || ' ' || (array['Harbor', 'Signal', 'Empire', 'Garden', 'Station', 'Frontier', 'Line', 'Hours'])[1 + i % 8]
		         || ' ' || i,
		       (select id from networks where slug = 'network-' || (1 + i % 20)),
		       array['BS' || i],
		       (array['returning', 'returning', 'ended', 'cancelled'])[1 + i % 4]
		from generate_series(1, ${series}::int) i`.execute(db);
	await sql`
		insert into seasons (series_id, number, episode_count, release_date, release_precision, status)
		select s.id, n, 6 + (s.id + n) % 8,
		       case when n < ${seasonsPerSeries}::int then date '2005-01-01' + (s.id % 4000) + n * 400
		            when s.id % 3 = 0 then current_date + 30 + s.id % 700 end,
		       case when n < ${seasonsPerSeries}::int or s.id % 3 = 0 then 'day' end,
		       case when n < ${seasonsPerSeries}::int then 'released'
		            when s.id % 3 = 0 then 'dated'
		            when s.id % 3 = 1 then 'filming'
		            else 'renewed' end
		from series s cross join generate_series(1, ${seasonsPerSeries}::int) n`.execute(db);
	await sql`
		insert into production_events (season_id, kind, occurred_on, precision, source_url)
		select se.id,
		       (array['renewed', 'filming-started', 'wrapped', 'release-dated', 'released'])[k],
		       coalesce(se.release_date, current_date) - (${eventsPerSeason}::int - k) * 90 - 1,
		       case when k = 1 then 'month' else 'day' end,
		       'https://news.example/' || se.id || '/' || k
		from seasons se cross join generate_series(1, ${eventsPerSeason}::int) k`.execute(db);
	// As autovacuum would: statistics and a visibility map, so counts can use index-only scans.
	await sql`vacuum analyze`.execute(db);
	const count = async (table: 'series' | 'seasons' | 'production_events') =>
		Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	return { series: await count('series'), seasons: await count('seasons'), events: await count('production_events') };
}

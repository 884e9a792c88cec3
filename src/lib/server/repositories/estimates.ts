import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, SeasonStatus, WindowPrecision } from '../db/types.ts';
import { buildPrior, type PriorModel, type TimelineSample } from '../../domain/estimate/prior.ts';
import { MILESTONES, classifyChange, estimateSeason, type EstimateClaim, type EstimateSnapshot, type Outcome, type OrderReference, type SeasonFacts } from '../../domain/estimate/estimate.ts';
import { reportedStatus } from '../../domain/season-status.ts';
import { labelNamesWindow } from '../../domain/extract/windows.ts';

type Executor = Kysely<DB> | Transaction<DB>;

function today(): string {
	return new Date().toISOString().slice(0, 10);
}

/**
 * The timeline of every season the catalog knows as of `asOf`: released ones (to the day) with
 * their release, and ones still coming (not cancelled) without, for the prior's lower bounds.
 */
export async function loadTimelineSamples(db: Executor, asOf = today()): Promise<TimelineSample[]> {
	const rows = await db
		.selectFrom('seasons as s')
		.innerJoin('series', 'series.id', 's.series_id')
		.leftJoin('networks', 'networks.id', 'series.network_id')
		.select([
			's.id',
			's.release_date',
			's.series_id',
			'networks.name as network',
			(eb) => eb.selectFrom('production_events as e').select(sql<string>`min(e.occurred_on)::text`.as('d')).whereRef('e.season_id', '=', 's.id').where('e.kind', '=', 'renewed').as('renewed'),
			(eb) => eb.selectFrom('production_events as e').select(sql<string>`min(e.occurred_on)::text`.as('d')).whereRef('e.season_id', '=', 's.id').where('e.kind', '=', 'filming-started').as('filming_started'),
			(eb) => eb.selectFrom('production_events as e').select(sql<string>`min(e.occurred_on)::text`.as('d')).whereRef('e.season_id', '=', 's.id').where('e.kind', '=', 'wrapped').as('wrapped'),
			(eb) =>
				eb
					.selectFrom('seasons as p')
					.select(sql<string>`max(p.release_date)::text`.as('d'))
					.whereRef('p.series_id', '=', 's.series_id')
					.whereRef('p.number', '<', 's.number')
					.as('previous_released')
		])
		.where((eb) =>
			eb.or([
				eb.and([eb('s.release_date', '<=', asOf), eb('s.release_precision', '=', 'day')]),
				eb.and([eb('s.status', '<>', 'cancelled'), eb.or([eb('s.release_date', 'is', null), eb('s.release_date', '>', asOf)])])
			])
		)
		.execute();
	return rows.map((r) => ({
		network: r.network,
		series: String(r.series_id),
		released: r.release_date && r.release_date <= asOf ? r.release_date : null,
		renewed: r.renewed,
		filmingStarted: r.filming_started,
		wrapped: r.wrapped,
		previousReleased: r.previous_released
	}));
}

const PRIOR_TTL_MS = 10 * 60_000;
let cachedPrior: { at: number; model: Promise<PriorModel> } | null = null;

/**
 * The production-timeline prior, rebuilt at most every ten minutes: derived, read-only data that
 * every instance builds from the database for itself, so instances stay interchangeable.
 */
export function currentPrior(db: Executor, now = Date.now()): Promise<PriorModel> {
	if (!cachedPrior || now - cachedPrior.at > PRIOR_TTL_MS) {
		const asOf = today();
		const model = loadTimelineSamples(db, asOf).then((samples) => buildPrior(samples, asOf));
		cachedPrior = { at: now, model };
		model.catch(() => {
			cachedPrior = null;
		});
	}
	return cachedPrior.model;
}

export function invalidatePrior(): void {
	cachedPrior = null;
}

interface SeasonRow {
	id: number;
	number: number;
	status: SeasonStatus;
	reported_status: SeasonStatus | null;
	release_date: string | null;
	release_precision: 'day' | 'month' | 'year' | null;
	series_id: number;
	title: string;
	network: string | null;
	previous_released: string | null;
}

async function loadInputs(db: Executor, seasonIds: number[]) {
	const [seasons, events, claims, current] = await Promise.all([
		db
			.selectFrom('seasons as s')
			.innerJoin('series', 'series.id', 's.series_id')
			.leftJoin('networks', 'networks.id', 'series.network_id')
			.select([
				's.id',
				's.number',
				's.status',
				's.reported_status',
				's.release_date',
				's.release_precision',
				's.series_id',
				'series.title',
				'networks.name as network',
				(eb) =>
					eb
						.selectFrom('seasons as p')
						.select(sql<string>`max(p.release_date)::text`.as('d'))
						.whereRef('p.series_id', '=', 's.series_id')
						.whereRef('p.number', '<', 's.number')
						.as('previous_released')
			])
			.where('s.id', 'in', seasonIds)
			.execute() as Promise<SeasonRow[]>,
		db.selectFrom('production_events').select(['season_id', 'kind', 'occurred_on']).where('season_id', 'in', seasonIds).execute(),
		db
			.selectFrom('claims as c')
			.innerJoin('news_items as n', 'n.id', 'c.news_item_id')
			.select([
				'c.id',
				'c.season_id',
				'c.kind',
				'c.status',
				'c.status_from',
				'c.status_to',
				'c.window_from',
				'c.window_to',
				'c.window_precision',
				'c.window_label',
				'c.after_season_id',
				'c.attribution',
				'c.review_state',
				'c.confidence',
				'c.hedged',
				'c.negated',
				'c.person',
				'c.news_item_id',
				'n.published_on',
				'n.outlet'
			])
			.where('c.season_id', 'in', seasonIds)
			.where('c.review_state', '!=', 'rejected')
			.where('c.kind', 'in', ['status', 'releaseWindow', 'releaseOrder'])
			.execute(),
		db.selectFrom('estimates').selectAll().where('season_id', 'in', seasonIds).execute()
	]);
	return { seasons, events, claims, current };
}

type ClaimRow = Awaited<ReturnType<typeof loadInputs>>['claims'][number];

function toEstimateClaim(c: ClaimRow): EstimateClaim {
	return {
		id: c.id,
		kind: c.kind,
		status: c.status,
		statusFrom: c.status_from,
		statusTo: c.status_to,
		window: c.window_from && c.window_to ? { from: c.window_from, to: c.window_to, precision: (c.window_precision ?? 'day') as WindowPrecision, label: c.window_label ?? '' } : null,
		afterSeasonId: c.after_season_id,
		attribution: c.attribution,
		reviewState: c.review_state,
		confidence: c.confidence,
		hedged: c.hedged,
		negated: c.negated,
		publishedOn: c.published_on,
		newsItemId: c.news_item_id,
		source: c.person ?? c.outlet
	};
}

async function orderReferences(db: Executor, seasonId: number, claims: ClaimRow[]): Promise<OrderReference[]> {
	const targets = [...new Set(claims.filter((c) => c.kind === 'releaseOrder' && c.after_season_id && !c.negated).map((c) => c.after_season_id!))].filter((id) => id !== seasonId);
	if (!targets.length) return [];
	const [rows, back] = await Promise.all([
		db
			.selectFrom('seasons as s')
			.innerJoin('series', 'series.id', 's.series_id')
			.leftJoin('estimates as e', 'e.season_id', 's.id')
			.select(['s.id', 's.number', 'series.title', 's.release_date', 's.release_precision', 'e.window_from', 'e.window_to', 'e.likely'])
			.where('s.id', 'in', targets)
			.execute(),
		db
			.selectFrom('claims')
			.select('season_id')
			.where('season_id', 'in', targets)
			.where('after_season_id', '=', seasonId)
			.where('review_state', '!=', 'rejected')
			.execute()
	]);
	const pointing = new Set(back.map((b) => b.season_id));
	return rows.map((r) => ({
		seasonId: r.id,
		name: `${r.title} season ${r.number}`,
		releaseDate: r.release_date && r.release_precision === 'day' ? r.release_date : null,
		estimate: r.window_from && r.window_to && r.likely ? { from: r.window_from, to: r.window_to, likely: r.likely } : null,
		pointsBack: pointing.has(r.id)
	}));
}

export interface RecomputeOptions {
	asOf?: string;
	/** The story that caused this recompute, kept with any change it makes. */
	newsItemId?: number | null;
	prior?: PriorModel;
}

export interface RecomputeReport {
	seasons: number;
	changed: number;
	changes: { seasonId: number; reason: string }[];
}

function snapshot(row: { window_from: string; window_to: string; likely: string; precision: string; label: string; confidence: number }): EstimateSnapshot {
	return { from: row.window_from, to: row.window_to, likely: row.likely, precision: row.precision as WindowPrecision, label: row.label, confidence: row.confidence };
}

/**
 * Recomputes the estimates of `seasonIds` inside the caller's transaction: writes the new
 * estimate (or removes it for a released or cancelled season) and records each material change
 * with its reason and the claims behind it.
 */
export async function recomputeSeasons(trx: Executor, seasonIds: number[], options: RecomputeOptions = {}): Promise<RecomputeReport> {
	const ids = [...new Set(seasonIds)];
	const report: RecomputeReport = { seasons: ids.length, changed: 0, changes: [] };
	if (!ids.length) return report;
	const asOf = options.asOf ?? today();
	const prior = options.prior ?? (await currentPrior(trx));
	const { seasons, events, claims, current } = await loadInputs(trx, ids);
	const eventsBy = Map.groupBy(events, (e) => e.season_id);
	const claimsBy = Map.groupBy(claims, (c) => c.season_id);
	const currentBy = new Map(current.map((c) => [c.season_id, c]));
	for (const season of seasons) {
		const own = claimsBy.get(season.id) ?? [];
		const facts: SeasonFacts = {
			seasonId: season.id,
			network: season.network,
			series: String(season.series_id),
			status: season.status,
			releaseDate: season.release_date,
			releasePrecision: season.release_precision,
			events: (eventsBy.get(season.id) ?? []).map((e) => ({ kind: e.kind, occurredOn: e.occurred_on })),
			previousReleased: season.previous_released
		};
		const outcome: Outcome = estimateSeason({ season: facts, claims: own.map(toEstimateClaim), prior, asOf, order: await orderReferences(trx, season.id, own) });
		const before = currentBy.get(season.id);
		const beforeSnap = before ? snapshot(before) : null;
		// How far the news has taken the season, kept on the season whatever the outcome: a story's
		// cancellation ends the estimate but still shows, on every page and list alike.
		const reported = reportedStatus(season.status, own.map((c) => ({ kind: c.kind, status: c.status, negated: c.negated, reviewState: c.review_state })), { dated: outcome.state === 'estimate' && outcome.estimate.basis === 'dated' });
		const reportedValue = reported.fromNews ? reported.status : null;
		if (reportedValue !== season.reported_status) await trx.updateTable('seasons').set({ reported_status: reportedValue }).where('id', '=', season.id).execute();
		if (outcome.state === 'estimate') {
			const e = outcome.estimate;
			const values = {
				window_from: e.from,
				window_to: e.to,
				likely: e.likely,
				confidence: e.confidence,
				precision: e.precision,
				label: e.label,
				basis: e.basis,
				reasons: JSON.stringify(e.reasons),
				conflicts: JSON.stringify(e.conflicts),
				computed_at: new Date()
			};
			await trx
				.insertInto('estimates')
				.values({ season_id: season.id, ...values })
				.onConflict((oc) => oc.column('season_id').doUpdateSet(values))
				.execute();
			const afterSnap: EstimateSnapshot = { from: e.from, to: e.to, likely: e.likely, precision: e.precision, label: e.label, confidence: e.confidence };
			const reason = classifyChange(beforeSnap, afterSnap);
			if (reason) {
				await trx
					.insertInto('estimate_changes')
					.values({ season_id: season.id, reason, before: beforeSnap ? JSON.stringify(beforeSnap) : null, after: JSON.stringify(afterSnap), claim_ids: e.claimIds, news_item_id: options.newsItemId ?? null })
					.execute();
				report.changed++;
				report.changes.push({ seasonId: season.id, reason });
			}
			await recordMilestones(trx, season.id, own, eventsBy.get(season.id) ?? [], afterSnap, options.newsItemId);
		} else if (before) {
			await trx.deleteFrom('estimates').where('season_id', '=', season.id).execute();
			const ended = outcome.state === 'released' || outcome.state === 'cancelled' ? outcome.state : undefined;
			const reason = classifyChange(beforeSnap, null, ended);
			if (reason) {
				await trx
					.insertInto('estimate_changes')
					.values({ season_id: season.id, reason, before: JSON.stringify(beforeSnap), after: null, claim_ids: outcome.state === 'cancelled' && outcome.claimId ? [outcome.claimId] : [], news_item_id: options.newsItemId ?? null })
					.execute();
				report.changed++;
				report.changes.push({ seasonId: season.id, reason });
			}
		}
	}
	return report;
}

/**
 * A story that reports a milestone the season had not reached before (renewed, filming started,
 * wrapped) adds it to the season's history, so its followers hear of it even when the estimate
 * itself barely moves. Hedged and negated claims report nothing; neither does a milestone the
 * catalog or an earlier story already had.
 */
async function recordMilestones(
	trx: Executor,
	seasonId: number,
	claims: { id: number; kind: string; status: string | null; hedged: boolean; negated: boolean; news_item_id: number }[],
	events: { kind: string }[],
	snapshot: EstimateSnapshot,
	newsItemId: number | null | undefined
): Promise<void> {
	if (!newsItemId) return;
	const firm = claims.filter((c) => c.kind === 'status' && c.status && MILESTONES[c.status] && !c.hedged && !c.negated);
	const reported = new Map<string, number>();
	for (const c of firm) if (c.news_item_id === newsItemId && !reported.has(c.status!)) reported.set(c.status!, c.id);
	for (const [status, claimId] of reported) {
		const known = events.some((e) => e.kind === status) || firm.some((c) => c.status === status && c.news_item_id !== newsItemId);
		if (known) continue;
		const reason = MILESTONES[status];
		const already = await trx.selectFrom('estimate_changes').select('id').where('season_id', '=', seasonId).where('reason', '=', reason).executeTakeFirst();
		if (already) continue;
		const snap = JSON.stringify(snapshot);
		await trx
			.insertInto('estimate_changes')
			.values({ season_id: seasonId, reason, before: snap, after: snap, claim_ids: [claimId], news_item_id: newsItemId })
			.execute();
	}
}

/** Recomputes every season not yet released, in batches, each batch in its own transaction. */
export async function recomputeAll(db: Kysely<DB>, options: Omit<RecomputeOptions, 'newsItemId'> & { batch?: number } = {}): Promise<RecomputeReport> {
	const prior = options.prior ?? (await loadTimelineSamples(db, options.asOf).then((samples) => buildPrior(samples, options.asOf ?? today())));
	const total: RecomputeReport = { seasons: 0, changed: 0, changes: [] };
	let after = 0;
	const batch = options.batch ?? 500;
	for (;;) {
		const ids = (await db.selectFrom('seasons').select('id').where('id', '>', after).orderBy('id').limit(batch).execute()).map((r) => r.id);
		if (!ids.length) break;
		after = ids.at(-1)!;
		const report = await db.transaction().execute((trx) => recomputeSeasons(trx, ids, { ...options, prior }));
		total.seasons += report.seasons;
		total.changed += report.changed;
		total.changes.push(...report.changes);
	}
	return total;
}

export async function getEstimate(db: Executor, seasonId: number) {
	return db.selectFrom('estimates').selectAll().where('season_id', '=', seasonId).executeTakeFirst();
}

export async function estimateHistory(db: Executor, seasonId: number) {
	return db.selectFrom('estimate_changes').selectAll().where('season_id', '=', seasonId).orderBy('id').execute();
}

export interface SeasonEstimateView {
	from: string;
	to: string;
	likely: string;
	confidence: number;
	precision: string;
	label: string;
	/** The label names exactly the window ("January 2027" for January 1–31): no need to spell the days out. */
	labelIsWindow: boolean;
	basis: string;
	reasons: { kind: string; text: string; claimId?: number }[];
	conflicts: string[];
	computedAt: Date;
}

export interface EstimateChangeView {
	id: number;
	reason: string;
	before: { from: string; to: string; likely: string; label: string } | null;
	after: { from: string; to: string; likely: string; label: string } | null;
	/** The day the change is about: its story's publication day, else when it was computed. */
	on: string;
	newsItemId: number | null;
	newsTitle: string | null;
	createdAt: Date;
}

/** Every season's current estimate and history for one series, keyed by season number. */
export async function estimatesForSeries(db: Executor, slug: string): Promise<{ estimates: Record<number, SeasonEstimateView>; history: Record<number, EstimateChangeView[]> }> {
	const [current, changes] = await Promise.all([
		db
			.selectFrom('estimates as e')
			.innerJoin('seasons as s', 's.id', 'e.season_id')
			.innerJoin('series', 'series.id', 's.series_id')
			.select(['s.number', 'e.window_from', 'e.window_to', 'e.likely', 'e.confidence', 'e.precision', 'e.label', 'e.basis', 'e.reasons', 'e.conflicts', 'e.computed_at'])
			.where('series.slug', '=', slug)
			.execute(),
		db
			.selectFrom('estimate_changes as c')
			.innerJoin('seasons as s', 's.id', 'c.season_id')
			.innerJoin('series', 'series.id', 's.series_id')
			.leftJoin('news_items as n', 'n.id', 'c.news_item_id')
			.select(['c.id', 's.number', 'c.reason', 'c.before', 'c.after', 'c.news_item_id', 'n.title', 'n.published_on', 'c.created_at'])
			.where('series.slug', '=', slug)
			.orderBy('c.id')
			.limit(2000)
			.execute()
	]);
	const estimates: Record<number, SeasonEstimateView> = {};
	for (const r of current) {
		estimates[r.number] = {
			from: r.window_from,
			to: r.window_to,
			likely: r.likely,
			confidence: Number(r.confidence),
			precision: r.precision,
			label: r.label,
			labelIsWindow: labelNamesWindow(r.label, r.window_from, r.window_to),
			basis: r.basis,
			reasons: r.reasons as SeasonEstimateView['reasons'],
			conflicts: r.conflicts as string[],
			computedAt: r.computed_at
		};
	}
	const history: Record<number, EstimateChangeView[]> = {};
	for (const c of changes) {
		(history[c.number] ??= []).push({
			id: c.id,
			reason: c.reason,
			before: c.before as EstimateChangeView['before'],
			after: c.after as EstimateChangeView['after'],
			on: c.published_on ?? c.created_at.toISOString().slice(0, 10),
			newsItemId: c.news_item_id,
			newsTitle: c.title,
			createdAt: c.created_at
		});
	}
	return { estimates, history };
}

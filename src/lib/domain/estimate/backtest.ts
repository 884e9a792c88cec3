/**
 * The backtest: replays what was known on a day (catalog facts dated by then, stories published
 * by then, never the season's own outcome) and asks the estimator about a season. Pure: the
 * dataset comes in as data, predictions and scores go out.
 */
import { extractClaims, type Claim } from '../extract/extract.ts';
import type { CatalogIndex } from '../extract/mentions.ts';
import { buildPrior, daysBetween, type TimelineSample } from './prior.ts';
import { estimateSeason, type EstimateClaim, type OrderReference, type SeasonFacts } from './estimate.ts';

export interface DatasetSeason {
	number: number;
	episodes?: number | null;
	orderedAt?: string | null;
	filmingStart?: string | null;
	filmingWrap?: string | null;
	releaseDate?: string | null;
}

export interface DatasetSeries {
	title: string;
	slug?: string;
	network?: string | null;
	aliases?: string[];
	seasons: DatasetSeason[];
}

export interface DatasetStory {
	title: string;
	url?: string;
	publishedAt: string;
	text: string;
	outlet?: string;
}

export interface Question {
	series: string;
	season: number;
	asOf: string;
	/** The real release day, when known: scored, never shown to the estimator. */
	actual?: string | null;
}

export interface Dataset {
	catalog: { series: DatasetSeries[] };
	stories: DatasetStory[];
	questions: Question[];
}

export interface Prediction {
	series: string;
	season: number;
	asOf: string;
	window: { from: string; to: string } | null;
	likely: string | null;
	label: string | null;
	confidence: number | null;
	basis?: string;
	claims?: number;
	actual?: string | null;
	baseline?: { from: string; to: string; likely: string; label: string } | null;
	/** Why the estimate says what it says, and what conflicts (in the --out report, for reading a miss). */
	reasons?: string[];
	conflicts?: string[];
}

export interface Score {
	questions: number;
	answered: number;
	hitRate: number | null;
	medianErrorDays: number | null;
	medianWidthDays: number | null;
}

/** Per basis of the estimate: how sure the estimates said they were, and how often they held. */
export interface Calibration {
	basis: string;
	answered: number;
	meanConfidence: number;
	hitRate: number;
}

export interface BacktestReport {
	predictions: Prediction[];
	estimator: Score;
	baseline: Score;
	calibration: Calibration[];
	/** The same scores on the questions where some story had given a window (the baseline answers). */
	whereStoriesSpoke: { estimator: Score; baseline: Score };
}

export class DatasetError extends Error {
	override name = 'DatasetError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FUZZY = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** A catalog date written 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', as the day it is known by. */
function known(value: string | null | undefined): string | null {
	if (!value) return null;
	if (value.length === 10) return value;
	if (value.length === 7) return `${value}-01`;
	return `${value}-01-01`;
}

function slugOf(title: string): string {
	return title.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The questions about half of the series: the catalog's series in slug order, every other one
 * ('a' from the first, 'b' from the second). The whole catalog and every story still replay, as
 * they would for any question; only which seasons are asked about is split, so a change can be
 * judged on one half and checked on the other.
 */
export function halfOf(dataset: Dataset, half: 'a' | 'b'): Dataset {
	const series = dataset.catalog.series.map((s) => ({ ...s, slug: s.slug || slugOf(s.title) }));
	const slugs = series.map((s) => s.slug).sort();
	const keep = new Set(slugs.filter((_, i) => i % 2 === (half === 'a' ? 0 : 1)));
	const find = seriesFinder(series);
	return { ...dataset, questions: dataset.questions.filter((q) => keep.has(find(q.series)?.slug ?? '')) };
}

/** A question's series, named by its slug or by a title or alias of the catalog (any case). */
function seriesFinder<S extends { slug: string; title: string; aliases?: string[] }>(series: S[]): (name: string) => S | undefined {
	const bySlug = new Map(series.map((s) => [s.slug, s]));
	const byTitle = new Map(series.flatMap((s) => [s.title, ...(s.aliases ?? [])].map((n) => [n.toLowerCase(), s] as const)));
	return (name) => bySlug.get(name) ?? byTitle.get(name.toLowerCase());
}

/** Checks a dataset's shape; throws DatasetError saying where it is wrong. */
export function validateDataset(data: unknown): Dataset {
	const d = data as Dataset;
	if (!d || typeof d !== 'object') throw new DatasetError('the dataset must be a JSON object with "catalog", "stories" and "questions"');
	if (!d.catalog || !Array.isArray(d.catalog.series)) throw new DatasetError('"catalog" must be {"series": [...]}');
	if (!Array.isArray(d.stories)) throw new DatasetError('"stories" must be a list');
	if (!Array.isArray(d.questions)) throw new DatasetError('"questions" must be a list');
	d.catalog.series.forEach((s, i) => {
		if (typeof s?.title !== 'string' || !Array.isArray(s.seasons)) throw new DatasetError(`catalog series ${i + 1} needs "title" and "seasons"`);
		for (const season of s.seasons) {
			if (!Number.isInteger(season?.number)) throw new DatasetError(`${s.title}: every season needs a whole "number"`);
			for (const key of ['orderedAt', 'filmingStart', 'filmingWrap', 'releaseDate'] as const) {
				const v = season[key];
				if (v != null && (typeof v !== 'string' || !FUZZY.test(v))) throw new DatasetError(`${s.title} season ${season.number}: ${key} must be YYYY, YYYY-MM or YYYY-MM-DD`);
			}
		}
	});
	d.stories.forEach((s, i) => {
		if (typeof s?.text !== 'string' || typeof s.title !== 'string' || typeof s.publishedAt !== 'string' || !DAY.test(s.publishedAt)) {
			throw new DatasetError(`story ${i + 1} needs "title", "text" and "publishedAt" (YYYY-MM-DD)`);
		}
	});
	d.questions.forEach((q, i) => {
		if (typeof q?.series !== 'string' || !Number.isInteger(q.season) || typeof q.asOf !== 'string' || !DAY.test(q.asOf)) {
			throw new DatasetError(`question ${i + 1} needs "series", "season" and "asOf" (YYYY-MM-DD)`);
		}
		if (q.actual != null && (typeof q.actual !== 'string' || !DAY.test(q.actual))) throw new DatasetError(`question ${i + 1}: "actual" must be YYYY-MM-DD`);
	});
	return d;
}

function median(values: number[]): number | null {
	if (!values.length) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

function score(rows: { window: { from: string; to: string } | null; likely: string | null; actual?: string | null }[]): Score {
	const scored = rows.filter((r) => r.actual);
	const answered = scored.filter((r) => r.window && r.likely);
	const hits = answered.filter((r) => r.window!.from <= r.actual! && r.actual! <= r.window!.to).length;
	return {
		questions: scored.length,
		answered: answered.length,
		// Unanswered questions count as misses: saying nothing is not being right.
		hitRate: scored.length ? Math.round((hits / scored.length) * 1000) / 1000 : null,
		medianErrorDays: median(answered.map((r) => Math.abs(daysBetween(r.actual!, r.likely!)))),
		medianWidthDays: median(answered.map((r) => daysBetween(r.window!.from, r.window!.to) + 1))
	};
}

function calibrationOf(predictions: Prediction[]): Calibration[] {
	const byBasis = new Map<string, Prediction[]>();
	for (const p of predictions) {
		if (!p.window || p.confidence === null || !p.actual || !p.basis) continue;
		const rows = byBasis.get(p.basis);
		if (rows) rows.push(p);
		else byBasis.set(p.basis, [p]);
	}
	const round = (n: number) => Math.round(n * 100) / 100;
	return [...byBasis].map(([basis, rows]) => ({
		basis,
		answered: rows.length,
		meanConfidence: round(rows.reduce((sum, p) => sum + p.confidence!, 0) / rows.length),
		hitRate: round(rows.filter((p) => p.window!.from <= p.actual! && p.actual! <= p.window!.to).length / rows.length)
	}));
}

/** Runs every question of the dataset. */
export function runBacktest(dataset: Dataset): BacktestReport {
	const series = dataset.catalog.series.map((s) => ({ ...s, slug: s.slug || slugOf(s.title), seasons: [...s.seasons].sort((a, b) => a.number - b.number) }));
	const bySlug = new Map(series.map((s) => [s.slug, s]));
	const findSeries = seriesFinder(series);
	const stories = [...dataset.stories].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));

	// Claims do not depend on the question: extract each story once, against a catalog index
	// that knows only the seasons released by the story's own day.
	const claimsByStory = new Map<DatasetStory, Claim[]>();
	for (const story of stories) {
		const index: CatalogIndex = {
			series: series.map((s) => ({
				title: s.title,
				slug: s.slug,
				aliases: s.aliases ?? [],
				seasons: s.seasons.map((x) => ({ number: x.number, releaseDate: known(x.releaseDate) && known(x.releaseDate)! <= story.publishedAt ? known(x.releaseDate) : null }))
			}))
		};
		claimsByStory.set(story, extractClaims({ text: story.text, title: story.title, publishedAt: story.publishedAt, outlet: story.outlet }, index));
	}

	function samplesAsOf(asOf: string, exclude: { slug: string; number: number }): TimelineSample[] {
		const out: TimelineSample[] = [];
		for (const s of series) {
			for (const [i, season] of s.seasons.entries()) {
				if (s.slug === exclude.slug && season.number === exclude.number) continue;
				const released = known(season.releaseDate);
				// Released by then, to the day: a duration. Not yet: a lower bound (never its release day).
				const releasedBy = released && released <= asOf ? released : null;
				if (releasedBy && season.releaseDate!.length !== 10) continue;
				out.push({ network: s.network ?? null, series: s.slug, released: releasedBy, renewed: known(season.orderedAt), filmingStarted: known(season.filmingStart), wrapped: known(season.filmingWrap), previousReleased: i > 0 ? known(s.seasons[i - 1].releaseDate) : null });
			}
		}
		return out;
	}

	function claimsFor(slug: string, number: number, asOf: string): (EstimateClaim & { afterSlug?: string; afterSeason?: number })[] {
		const out: (EstimateClaim & { afterSlug?: string; afterSeason?: number })[] = [];
		let id = 1;
		for (const story of stories) {
			if (story.publishedAt > asOf) break;
			for (const c of claimsByStory.get(story)!) {
				if (c.seriesSlug !== slug || c.season !== number) continue;
				out.push({
					id: id++,
					kind: c.kind,
					status: c.status,
					statusFrom: c.statusDate?.from,
					statusTo: c.statusDate?.to,
					window: c.window ? { from: c.window.from, to: c.window.to, precision: c.window.precision, label: c.window.label } : null,
					attribution: c.attribution,
					reviewState: 'automatic',
					confidence: c.confidence,
					hedged: c.hedged,
					negated: c.negated,
					publishedOn: story.publishedAt,
					source: c.person ?? story.outlet ?? null,
					afterSlug: c.after?.slug,
					afterSeason: c.after?.season
				});
			}
		}
		return out;
	}

	function facts(s: (typeof series)[number], number: number, asOf: string): SeasonFacts {
		const index = s.seasons.findIndex((x) => x.number === number);
		const season = s.seasons[index];
		const events: { kind: string; occurredOn: string }[] = [];
		const add = (kind: string, v?: string | null) => {
			const day = known(v);
			if (day && day <= asOf) events.push({ kind, occurredOn: day });
		};
		if (season) {
			add('renewed', season.orderedAt);
			add('filming-started', season.filmingStart);
			add('wrapped', season.filmingWrap);
		}
		const previous = index > 0 ? known(s.seasons[index - 1].releaseDate) : index === -1 ? known(s.seasons.filter((x) => x.number < number).at(-1)?.releaseDate) : null;
		return {
			seasonId: number,
			network: s.network ?? null,
			series: s.slug,
			status: 'announced',
			// The season's own release date is the outcome: never given.
			releaseDate: null,
			releasePrecision: null,
			events,
			previousReleased: previous && previous <= asOf ? previous : null
		};
	}

	function estimate(slug: string, number: number, asOf: string, depth: number) {
		const s = bySlug.get(slug)!;
		const claims = claimsFor(slug, number, asOf);
		const prior = buildPrior(samplesAsOf(asOf, { slug, number }), asOf);
		const order: OrderReference[] = [];
		if (depth === 0) {
			for (const c of claims) {
				if (c.kind !== 'releaseOrder' || !c.afterSlug || c.afterSeason === undefined) continue;
				const other = bySlug.get(c.afterSlug);
				if (!other) continue;
				const released = known(other.seasons.find((x) => x.number === c.afterSeason)?.releaseDate);
				const otherEstimate = released && released <= asOf ? null : estimate(c.afterSlug, c.afterSeason, asOf, depth + 1);
				order.push({
					seasonId: -1,
					name: `${other.title} season ${c.afterSeason}`,
					releaseDate: released && released <= asOf ? released : null,
					estimate: otherEstimate?.state === 'estimate' ? { from: otherEstimate.estimate.from, to: otherEstimate.estimate.to, likely: otherEstimate.estimate.likely } : null,
					pointsBack: claimsFor(c.afterSlug, c.afterSeason, asOf).some((x) => x.afterSlug === slug && x.afterSeason === number)
				});
			}
		}
		return estimateSeason({ season: facts(s, number, asOf), claims, prior, asOf, order });
	}

	const predictions: Prediction[] = [];
	for (const q of dataset.questions) {
		const s = findSeries(q.series);
		if (!s) throw new DatasetError(`question about "${q.series}": no such series in the catalog`);
		const outcome = estimate(s.slug, q.season, q.asOf, 0);
		const e = outcome.state === 'estimate' ? outcome.estimate : null;
		// The baseline repeats the latest explicit window any story gave for the season.
		const latest = claimsFor(s.slug, q.season, q.asOf)
			.filter((c) => c.kind === 'releaseWindow' && c.window && !c.negated)
			.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || b.confidence - a.confidence)[0];
		const baseline = latest?.window
			? { from: latest.window.from, to: latest.window.to, likely: new Date((Date.parse(latest.window.from) + Date.parse(latest.window.to)) / 2).toISOString().slice(0, 10), label: latest.window.label }
			: null;
		predictions.push({
			series: s.title,
			season: q.season,
			asOf: q.asOf,
			window: e ? { from: e.from, to: e.to } : null,
			likely: e?.likely ?? null,
			label: e?.label ?? null,
			confidence: e?.confidence ?? null,
			basis: e?.basis ?? outcome.state,
			claims: claimsFor(s.slug, q.season, q.asOf).length,
			...(q.actual ? { actual: q.actual } : {}),
			baseline,
			...(e ? { reasons: e.reasons.map((r) => r.text), conflicts: e.conflicts } : {})
		});
	}
	return { predictions, ...scoresOf(predictions) };
}

/** The scores of a set of predictions: one dataset's, or several datasets' together. */
export function scoresOf(predictions: Prediction[]): Omit<BacktestReport, 'predictions'> {
	const baselineOf = (p: Prediction) => ({ window: p.baseline ? { from: p.baseline.from, to: p.baseline.to } : null, likely: p.baseline?.likely ?? null, actual: p.actual });
	// Where a story gave a window the two can be compared like for like; elsewhere only the
	// estimator answers (from the production-timeline prior).
	const withClaim = predictions.filter((p) => p.baseline);
	return {
		estimator: score(predictions),
		calibration: calibrationOf(predictions),
		baseline: score(predictions.map(baselineOf)),
		whereStoriesSpoke: { estimator: score(withClaim), baseline: score(withClaim.map(baselineOf)) }
	};
}

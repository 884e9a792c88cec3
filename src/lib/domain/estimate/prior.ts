/**
 * The production-timeline prior: how long seasons took from each production stage to release,
 * learned from the catalog's past seasons, per network where there are enough of them.
 */

/** The stage a season's timeline is measured from, latest first in how much it tells. */
export type Stage = 'wrapped' | 'filming-started' | 'renewed' | 'previous-release';

export const STAGES: Stage[] = ['wrapped', 'filming-started', 'renewed', 'previous-release'];

export interface Quantiles {
	n: number;
	q10: number;
	q25: number;
	q50: number;
	q75: number;
	q90: number;
}

export interface Duration {
	/** Stage to release; for a season not out yet, stage to the day the model was built. */
	days: number;
	/**
	 * Still unreleased when the model was built: the season took longer than `days`, how much
	 * longer nobody knows yet (a censored observation).
	 */
	censored: boolean;
	/** The day that season came out (or the model's day, if censored): recent seasons weigh more. */
	released: string;
	/** The same day as a day number (days since 1970-01-01), so weighing needs no date parsing. */
	releasedDay: number;
	network: string | null;
	/** Which series the season belongs to (any stable key): a show's own past counts most. */
	series: string | null;
}

export interface PriorModel {
	overall: Partial<Record<Stage, Quantiles>>;
	byNetwork: Record<string, Partial<Record<Stage, Quantiles>>>;
	/** Per stage, sorted by days: the seasons still unreleased after N days are a suffix. */
	durations: Partial<Record<Stage, Duration[]>>;
	/** Per stage, how many durations each network has. */
	networkCounts: Partial<Record<Stage, Record<string, number>>>;
	/** Per stage, each series' released durations: how its own pace compares with everyone's. */
	bySeries: Partial<Record<Stage, Map<string, number[]>>>;
}

/**
 * One season's history: the days of its stages and of its release, or null for a season not
 * released yet (it still tells that its stages took at least this long).
 */
export interface TimelineSample {
	network: string | null;
	/** Any stable key of the season's series (its id, its slug). */
	series?: string | null;
	released: string | null;
	renewed?: string | null;
	filmingStarted?: string | null;
	wrapped?: string | null;
	previousReleased?: string | null;
}

/** Fewer samples than this for a network and stage: use the overall figures. */
export const MIN_NETWORK_SAMPLES = 3;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day. */
export function dayNumber(day: string): number {
	return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + Math.round(days) * DAY_MS).toISOString().slice(0, 10);
}

/** Linear-interpolated quantile of sorted numbers. */
function quantile(sorted: number[], q: number): number {
	if (sorted.length === 1) return sorted[0];
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return Math.round(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo));
}

export function quantiles(values: number[]): Quantiles | undefined {
	if (!values.length) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	return { n: sorted.length, q10: quantile(sorted, 0.1), q25: quantile(sorted, 0.25), q50: quantile(sorted, 0.5), q75: quantile(sorted, 0.75), q90: quantile(sorted, 0.9) };
}

function stageDay(sample: TimelineSample, stage: Stage): string | null | undefined {
	switch (stage) {
		case 'wrapped': return sample.wrapped;
		case 'filming-started': return sample.filmingStarted;
		case 'renewed': return sample.renewed;
		case 'previous-release': return sample.previousReleased;
	}
}

/**
 * The prior from the catalog's seasons as of `asOf`: released ones give durations, unreleased ones
 * give lower bounds (without them the recent seasons in the history would be only the quick
 * ones, and every window would come too early). Durations that are negative or over six years
 * are data errors, or shows nobody will make, and are left out.
 */
export function buildPrior(samples: TimelineSample[], asOf?: string): PriorModel {
	const model: PriorModel = { overall: {}, byNetwork: {}, durations: {}, networkCounts: {}, bySeries: {} };
	const overall: Partial<Record<Stage, number[]>> = {};
	const byNetwork: Record<string, Partial<Record<Stage, number[]>>> = {};
	for (const sample of samples) {
		const censored = !sample.released || (asOf !== undefined && sample.released > asOf);
		if (censored && !asOf) continue;
		const end = censored ? asOf! : sample.released!;
		for (const stage of STAGES) {
			const day = stageDay(sample, stage);
			if (!day || day > end) continue;
			const days = daysBetween(day, end);
			if (days < 0 || days > 6 * 365) continue;
			(model.durations[stage] ??= []).push({ days, censored, released: end, releasedDay: dayNumber(end), network: sample.network, series: sample.series ?? null });
			if (censored) continue;
			(overall[stage] ??= []).push(days);
			if (sample.series) {
				const bySeries = (model.bySeries[stage] ??= new Map());
				const own = bySeries.get(sample.series);
				if (own) own.push(days);
				else bySeries.set(sample.series, [days]);
			}
			if (sample.network) {
				((byNetwork[sample.network] ??= {})[stage] ??= []).push(days);
				const counts = (model.networkCounts[stage] ??= {});
				counts[sample.network] = (counts[sample.network] ?? 0) + 1;
			}
		}
	}
	// By days; on the same day a release comes before a season still waiting (Kaplan–Meier's convention).
	for (const stage of STAGES) model.durations[stage]?.sort((a, b) => a.days - b.days || Number(a.censored) - Number(b.censored));
	for (const stage of STAGES) model.overall[stage] = quantiles(overall[stage] ?? []);
	for (const [network, stages] of Object.entries(byNetwork)) {
		model.byNetwork[network] = {};
		for (const stage of STAGES) {
			const values = stages[stage] ?? [];
			if (values.length >= MIN_NETWORK_SAMPLES) model.byNetwork[network][stage] = quantiles(values);
		}
	}
	return model;
}

export interface PriorWindow {
	from: string;
	to: string;
	likely: string;
	stage: Stage;
	anchor: string;
	samples: number;
	/** How many of those seasons are the same show's own (they count SERIES_WEIGHT times). */
	ownSeasons: number;
	/** The network whose own seasons gave the figures; null when all networks' did. */
	network: string | null;
	medianDays: number;
	/** The show's own pace the durations were scaled by (1: like everyone else's; see seriesPace). */
	pace: number;
}

/**
 * The days by which a share `qs[k]` of such seasons had come out, from the weighted Kaplan–Meier
 * estimate over `days[start..]` (sorted): each release lowers the share still waiting by its
 * weight over the weight still at risk; a season still unreleased only leaves the risk set.
 * Where the history runs out before a share is reached (too many still waiting), the longest
 * duration seen stands in: at least that long.
 */
function survivalQuantiles(days: Duration[], start: number, weights: Float64Array, total: number, qs: number[]): number[] {
	const out = qs.map(() => -1);
	let surviving = 1;
	let atRisk = total;
	let next = 0;
	for (let i = 0; i < weights.length && next < qs.length; ) {
		const t = days[start + i].days;
		let released = 0;
		let leaving = 0;
		for (; i < weights.length && days[start + i].days === t; i++) {
			if (!days[start + i].censored) released += weights[i];
			leaving += weights[i];
		}
		if (released > 0 && atRisk > 0) surviving *= 1 - released / atRisk;
		atRisk -= leaving;
		while (next < qs.length && 1 - surviving >= qs[next] - 1e-9) out[next++] = t;
	}
	const longest = days[days.length - 1].days;
	return out.map((v) => (v < 0 ? longest : v));
}

/**
 * How many seasons' worth of "like everyone else" a show's own pace is shrunk toward: one past
 * season that took twice the usual says less than three that did.
 */
export const PACE_SHRINK = 2;

/**
 * How much slower (above 1) or quicker (below 1) than everyone's a show's own past seasons went
 * from this stage to release: the geometric mean of its durations over the overall median, shrunk
 * toward 1. Hulu's yearly comedies and a VFX-heavy drama of the same network do not keep the same
 * pace, and a show keeps its crew, its length and its effects work from season to season.
 */
export function seriesPace(model: PriorModel, stage: Stage, series: string | null): number {
	const own = series ? model.bySeries[stage]?.get(series) : undefined;
	const typical = model.overall[stage]?.q50;
	if (!own?.length || !typical) return 1;
	let sum = 0;
	for (const days of own) sum += Math.log(Math.max(1, days) / typical);
	return Math.exp(sum / (own.length + PACE_SHRINK));
}

/** The first index whose duration is longer than `elapsed` days (durations sorted by days). */
function firstLonger(sorted: Duration[], elapsed: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid].days > elapsed) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

/** A season's weight halves every this many years of age: production habits change. */
export const HALF_LIFE_YEARS = 8;
/** How much more a season of the same network counts. */
export const NETWORK_WEIGHT = 2;
/**
 * How much more a past season of the same series counts: a show keeps its crew, its length and
 * its effects work, so its own seasons tell the most about its next one.
 */
export const SERIES_WEIGHT = 4;
/** The window runs from this share of such seasons out to all but this share: the middle 80%. */
export const TAIL_Q = 0.1;
/** The narrowest window the prior alone will give, in days. */
export const MIN_PRIOR_DAYS = 60;

/**
 * Where the history of past seasons puts a release, counted from `anchor`, the day the season
 * reached `stage`, knowing it was still unreleased on `asOf`: the 10th to 90th percentile of
 * the durations longer than the time already gone by, weighted toward recent seasons and the
 * same network, and the median as the likely day.
 */
export function priorWindow(model: PriorModel, network: string | null, stage: Stage, anchor: string, asOf: string = anchor, series: string | null = null): PriorWindow | null {
	const all = model.durations[stage];
	// No season has gone from this stage to release yet: the history cannot say anything.
	if (!all?.length || !model.overall[stage]) return null;
	const elapsed = Math.max(0, daysBetween(anchor, asOf));
	const anchorDay = dayNumber(anchor);
	const pace = seriesPace(model, stage, series);
	const sameNetwork = network ? (model.networkCounts[stage]?.[network] ?? 0) : 0;
	// Only seasons that took longer than this one already has tell where it lands: a suffix of
	// the sorted durations, each weighed by its age and network (this runs for every recompute).
	const start = firstLonger(all, elapsed / pace);
	const count = all.length - start;
	let releasedCount = 0;
	let ownSeasons = 0;
	for (let i = start; i < all.length; i++) {
		if (all[i].censored) continue;
		releasedCount++;
		if (series && all[i].series === series) ownSeasons++;
	}
	const tomorrow = addDays(asOf, 1);
	if (releasedCount < 2) {
		// Overdue by every past season: from tomorrow, as wide as the history's own spread.
		const spread = Math.max(MIN_PRIOR_DAYS, (model.overall[stage]?.q90 ?? 0) - (model.overall[stage]?.q10 ?? 0));
		const half = Math.round(spread / 2);
		return { from: tomorrow, to: addDays(tomorrow, spread), likely: addDays(tomorrow, Math.round(half / 2)), stage, anchor, samples: releasedCount, ownSeasons, network: null, medianDays: elapsed + Math.round(half / 2), pace: 1 };
	}
	const weights = new Float64Array(count);
	let total = 0;
	for (let i = 0; i < count; i++) {
		const d = all[start + i];
		const ageYears = Math.max(0, (anchorDay - d.releasedDay) / 365);
		const weight = 0.5 ** (ageYears / HALF_LIFE_YEARS) * (network && d.network === network ? NETWORK_WEIGHT : 1) * (series && d.series === series ? SERIES_WEIGHT : 1);
		weights[i] = weight;
		total += weight;
	}
	let [q10, q50, q90] = survivalQuantiles(all, start, weights, total, [TAIL_Q, 0.5, 1 - TAIL_Q]).map((d) => Math.round(d * pace));
	if (q90 - q10 < MIN_PRIOR_DAYS) {
		const grow = Math.ceil((MIN_PRIOR_DAYS - (q90 - q10)) / 2);
		q10 -= grow;
		q90 += grow;
	}
	let from = addDays(anchor, q10);
	if (from < tomorrow) from = tomorrow;
	const to = addDays(anchor, q90);
	const likely = addDays(anchor, q50);
	return {
		from,
		to: to < from ? from : to,
		likely: likely < from ? from : likely > to ? to : likely,
		stage,
		anchor,
		samples: releasedCount,
		ownSeasons,
		network: sameNetwork >= MIN_NETWORK_SAMPLES ? network : null,
		medianDays: q50,
		pace
	};
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays, buildPrior, daysBetween, priorWindow, type TimelineSample } from '../../src/lib/domain/estimate/prior.ts';
import { classifyChange, estimateSeason, honestWindow, type EstimateClaim, type SeasonFacts } from '../../src/lib/domain/estimate/estimate.ts';
import { extractClaims } from '../../src/lib/domain/extract/extract.ts';
import { catalogIndexFromJson } from '../../src/lib/domain/extract/mentions.ts';
import { demoCatalog } from '../../src/lib/server/demo/index.ts';
import { parseFuzzyDay } from '../../src/lib/domain/season-status.ts';

/** The demo catalog's released seasons as timeline samples, known by `asOf`. */
function samples(asOf: string): TimelineSample[] {
	const out: TimelineSample[] = [];
	for (const s of demoCatalog.series) {
		const seasons = [...s.seasons].sort((a, b) => a.number - b.number);
		for (const [i, season] of seasons.entries()) {
			if (!season.releaseDate || parseFuzzyDay(season.releaseDate).day > asOf) continue;
			const day = (v?: string | null) => (v ? parseFuzzyDay(v).day : null);
			out.push({ network: s.network ?? null, released: day(season.releaseDate)!, renewed: day(season.orderedAt), filmingStarted: day(season.filmingStart), wrapped: day(season.filmingWrap), previousReleased: i > 0 ? day(seasons[i - 1].releaseDate) : null });
		}
	}
	return out;
}

const facts = (over: Partial<SeasonFacts> = {}): SeasonFacts => ({ seasonId: 1, network: 'Netflix', status: 'filming', releaseDate: null, releasePrecision: null, events: [], previousReleased: '2016-09-30', ...over });
let nextId = 1;
const claim = (over: Partial<EstimateClaim>): EstimateClaim => ({ id: nextId++, kind: 'releaseWindow', attribution: 'outlet', reviewState: 'automatic', confidence: 0.7, hedged: false, negated: false, publishedOn: '2017-06-20', ...over });
const win = (from: string, to: string, label = 'x', precision: 'year' | 'month' | 'day' | 'part-of-year' = 'year') => ({ from, to, label, precision });

describe('the production-timeline prior', () => {
	it('learns from the demo catalog: filming start to release takes about 411 days at the median', () => {
		const prior = buildPrior(samples('2030-01-01'));
		expect(prior.overall['filming-started']!.n).toBeGreaterThan(40);
		expect(Math.abs(prior.overall['filming-started']!.q50 - 411)).toBeLessThan(40);
	});

	// Ten shows of one network began filming on the same day, 2020-01-01.
	const started = '2020-01-01';
	const show = (series: string, days: number | null): TimelineSample => ({ network: 'Net', series, released: days === null ? null : addDays(started, days), filmingStarted: started });

	it('counts seasons still unreleased as taking at least this long, so slow cohorts do not look quick', () => {
		// By 2020-12-01 (335 days in) five are out, after 200 to 300 days; five are still waiting.
		const history = [200, 225, 250, 275, 300].map((d, i) => show(`quick-${i}`, d));
		const waiting = [1, 2, 3, 4, 5].map((i) => show(`slow-${i}`, null));
		const asOf = '2020-12-01';
		const withWaiting = priorWindow(buildPrior([...history, ...waiting], asOf), 'Net', 'filming-started', '2021-01-01', '2021-01-01')!;
		const releasedOnly = priorWindow(buildPrior(history, asOf), 'Net', 'filming-started', '2021-01-01', '2021-01-01')!;
		// Only the released ones: the median is 250 days. Half the cohort is not out at 335 days,
		// so its median is at least that: the window ends no earlier than the longest one seen.
		expect(releasedOnly.medianDays).toBe(250);
		expect(withWaiting.medianDays).toBeGreaterThanOrEqual(300);
		expect(withWaiting.to >= addDays('2021-01-01', 335)).toBe(true);
		expect(withWaiting.samples).toBe(5); // the seasons that came out
	});

	it('weighs a show’s own past seasons above other shows’', () => {
		// Most shows take about 300 days; this one took 600 twice.
		const history = [
			...[280, 290, 300, 310, 320, 330].map((d, i) => show(`other-${i}`, d)),
			show('slow-show', 600),
			show('slow-show', 610)
		];
		const prior = buildPrior(history, '2030-01-01');
		const own = priorWindow(prior, 'Net', 'filming-started', '2028-01-01', '2028-01-01', 'slow-show')!;
		const other = priorWindow(prior, 'Net', 'filming-started', '2028-01-01', '2028-01-01', 'another-show')!;
		expect(own.medianDays).toBeGreaterThan(other.medianDays);
		expect(own.ownSeasons).toBe(2);
		expect(other.ownSeasons).toBe(0);
	});

	it('scales the history by a show’s own pace, shrunk toward everyone’s', () => {
		// Most shows take about 300 days; this one took 150 twice (a yearly comedy).
		const history = [...[280, 290, 300, 310, 320, 330].map((d, i) => show(`other-${i}`, d)), show('quick-show', 150), show('quick-show', 150)];
		const prior = buildPrior(history, '2030-01-01');
		const typical = prior.overall['filming-started']!.q50;
		const own = priorWindow(prior, 'Net', 'filming-started', '2028-01-01', '2028-01-01', 'quick-show')!;
		const other = priorWindow(prior, 'Net', 'filming-started', '2028-01-01', '2028-01-01', 'another-show')!;
		// Two seasons at half the usual pace, shrunk by two seasons' worth of the usual: about 0.7.
		expect(own.pace).toBeCloseTo(Math.exp((2 * Math.log(150 / typical)) / 4), 5);
		expect(own.pace).toBeLessThan(0.8);
		expect(other.pace).toBe(1);
		expect(own.to < other.from || own.medianDays < other.medianDays * 0.8).toBe(true);
	});

	it('says nothing from a stage no season has gone from to release yet', () => {
		const prior = buildPrior([show('a', null), show('b', null)], '2020-06-01');
		expect(priorWindow(prior, 'Net', 'filming-started', '2020-03-01', '2020-06-01')).toBeNull();
	});
});

describe('the seed story’s estimate for Luke Cage season 2', () => {
	const SEED = readFileSync('tests/fixtures/stories/luke-cage-s2-production.txt', 'utf8');
	const extracted = extractClaims({ text: SEED, publishedAt: '2017-06-20' }, catalogIndexFromJson(demoCatalog));
	const claims: EstimateClaim[] = extracted
		.filter((c) => c.seriesSlug === 'luke-cage' && c.season === 2)
		.map((c, i) => ({ id: i + 1, kind: c.kind, status: c.status, statusFrom: c.statusDate?.from, statusTo: c.statusDate?.to, window: c.window, attribution: c.attribution, reviewState: 'automatic', confidence: c.confidence, hedged: c.hedged, negated: c.negated, publishedOn: '2017-06-20', source: c.person ?? 'CBR' }));
	const outcome = estimateSeason({ season: facts(), claims, prior: buildPrior(samples('2017-06-20')), asOf: '2017-06-20', order: [{ seasonId: 2, name: 'Jessica Jones season 2', releaseDate: null, estimate: { from: '2018-01-15', to: '2018-06-30', likely: '2018-03-01' }, pointsBack: false }] });

	it('holds the real release (2018-06-22) in a 2018 window with a likely day near it', () => {
		expect(outcome.state).toBe('estimate');
		if (outcome.state !== 'estimate') return;
		const e = outcome.estimate;
		console.log(JSON.stringify(e, null, 1));
		expect(e.from >= '2018-01-15').toBe(true);
		expect(e.to <= '2018-12-31').toBe(true);
		expect(e.from <= '2018-06-22' && '2018-06-22' <= e.to).toBe(true);
		expect(Math.abs(Date.parse(e.likely) - Date.parse('2018-06-22')) / 86_400_000).toBeLessThan(90);
		expect(e.basis).toBe('claims+prior');
		expect(e.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['claim', 'prior', 'order']));
	});
});

describe('combining claims', () => {
	const prior = buildPrior(samples('2030-01-01'));
	const run = (claims: EstimateClaim[], over: Partial<SeasonFacts> = {}, asOf = '2017-06-20') => estimateSeason({ season: facts(over), claims, prior, asOf });

	it('an announced date beats every window', () => {
		const out = run([claim({ window: win('2018-01-01', '2018-12-31') }), claim({ window: win('2018-06-22', '2018-06-22', 'June 22, 2018', 'day'), publishedOn: '2017-06-01' })]);
		expect(out).toMatchObject({ state: 'estimate', estimate: { from: '2018-06-22', to: '2018-06-22', basis: 'dated', label: 'June 22, 2018' } });
		// How sure: a day the news gave held 90% of the time in the backtest; an editor's or the catalog's is checked.
		const sure = (o: typeof out) => (o.state === 'estimate' ? o.estimate.confidence : null);
		expect(sure(out)).toBe(0.9);
		expect(sure(run([claim({ window: win('2018-06-22', '2018-06-22', 'June 22, 2018', 'day'), reviewState: 'approved' })]))).toBe(0.98);
		expect(sure(run([], { releaseDate: '2018-06-22', releasePrecision: 'day' }))).toBe(0.95);
	});

	it('an approved claim beats a newer automatic one', () => {
		const out = run([claim({ window: win('2018-01-01', '2018-04-30'), reviewState: 'approved', publishedOn: '2017-05-01' }), claim({ window: win('2019-01-01', '2019-12-31'), publishedOn: '2017-06-10' })]);
		expect(out.state === 'estimate' && out.estimate.to <= '2018-04-30').toBe(true);
	});

	it('a newer later window of the same strength is a slip, not an average', () => {
		const out = run([claim({ window: win('2018-01-01', '2018-04-30'), publishedOn: '2017-03-01' }), claim({ window: win('2018-09-01', '2018-12-31'), publishedOn: '2017-06-01' })]);
		expect(out.state === 'estimate' && out.estimate.from >= '2018-09-01').toBe(true);
	});

	it('a window resting on reports is as sure as such windows proved in the backtest, by its width', () => {
		// No prior here, so the window is the report's own.
		const sure = (w: ReturnType<typeof win>) => {
			const out = estimateSeason({ season: facts(), claims: [claim({ window: w })], prior: null, asOf: '2017-06-20' });
			return out.state === 'estimate' ? out.estimate.confidence : null;
		};
		expect(sure(win('2018-06-01', '2018-06-30', 'June 2018', 'month'))).toBe(0.69);
		expect(sure(win('2018-03-01', '2018-05-31', 'spring 2018', 'part-of-year'))).toBe(0.58);
		expect(sure(win('2018-01-01', '2018-12-31', '2018'))).toBe(0.78);
		expect(sure(win('2018-01-01', '2019-12-31', 'between January 2018 and December 2019'))).toBe(0.92);
	});

	it('windows that agree narrow the estimate', () => {
		const out = run([claim({ window: win('2018-01-01', '2018-12-31') }), claim({ window: win('2018-03-01', '2018-05-31'), publishedOn: '2017-06-01' })], {}, '2017-06-20');
		expect(out.state === 'estimate' && [out.estimate.from, out.estimate.to]).toEqual(['2018-03-01', '2018-05-31']);
	});

	it('a writer’s guess does not narrow the outlet’s window', () => {
		const out = run([claim({ window: win('2018-01-01', '2018-12-31') }), claim({ window: win('2018-04-01', '2018-04-30', 'April 2018', 'month'), attribution: 'writer-guess', confidence: 0.2 })]);
		expect(out.state === 'estimate' && out.estimate.to > '2018-04-30').toBe(true);
	});

	it('released and cancelled seasons have no estimate', () => {
		expect(run([], { status: 'released', releaseDate: '2017-01-01', releasePrecision: 'day' }).state).toBe('released');
		expect(run([claim({ kind: 'status', status: 'cancelled', window: null })]).state).toBe('cancelled');
	});

	it('a cancellation before the season was ordered, or answered by its date, does not end it', () => {
		// Lucifer: "Fox cancelled Lucifer last summer", in a story that gives Netflix's season-four date.
		const ordered = { events: [{ kind: 'renewed', occurredOn: '2018-06-15' }] };
		const lastSummer = claim({ kind: 'status', status: 'cancelled', window: null, statusFrom: '2018-06-01', statusTo: '2018-06-10', publishedOn: '2019-04-10' });
		const out = run([lastSummer], ordered, '2019-04-20');
		expect(out.state).toBe('estimate');
		if (out.state === 'estimate') expect(out.estimate.conflicts.join(' ')).toMatch(/cancellation before this season was ordered .*an earlier run/);
		const dated = claim({ window: win('2019-05-08', '2019-05-08', 'May 8, 2019', 'day'), publishedOn: '2019-04-10' });
		const sameStory = run([claim({ kind: 'status', status: 'cancelled', window: null, publishedOn: '2019-04-10' }), dated], {}, '2019-04-20');
		expect(sameStory.state === 'estimate' && sameStory.estimate.from).toBe('2019-05-08');
		// A cancellation after the order, with nothing since, ends it.
		expect(run([claim({ kind: 'status', status: 'cancelled', window: null, publishedOn: '2019-04-10' })], ordered, '2019-04-20').state).toBe('cancelled');
	});

	it('stays defined and says what conflicts: past windows, contradictions, cycles', () => {
		const out = estimateSeason({
			season: facts({ events: [{ kind: 'renewed', occurredOn: '2017-05-01' }] }),
			claims: [claim({ window: win('2016-01-01', '2016-12-31') }), claim({ window: win('2018-01-01', '2018-03-31'), publishedOn: '2017-04-01' }), claim({ window: win('2019-01-01', '2019-12-31'), publishedOn: '2017-06-01' })],
			prior,
			asOf: '2017-06-20',
			order: [{ seasonId: 9, name: 'Daredevil season 3', releaseDate: null, estimate: { from: '2018-01-01', to: '2018-12-31', likely: '2018-06-01' }, pointsBack: true }]
		});
		expect(out.state).toBe('estimate');
		if (out.state !== 'estimate') return;
		expect(out.estimate.from <= out.estimate.to).toBe(true);
		expect(out.estimate.conflicts.join(' ')).toMatch(/passed without a release/);
		expect(out.estimate.conflicts.join(' ')).toMatch(/before the season was ordered/);
		expect(out.estimate.conflicts.join(' ')).toMatch(/cycle/);
	});

	it('the production history narrows a loose report but leaves a precise one whole', () => {
		const season = { events: [{ kind: 'filming-started', occurredOn: '2016-12-01' }, { kind: 'wrapped', occurredOn: '2017-05-15' }] };
		const history = run([], season);
		expect(history.state).toBe('estimate');
		if (history.state !== 'estimate') return;
		const historyDays = (Date.parse(history.estimate.to) - Date.parse(history.estimate.from)) / 86_400_000;
		// A report looser than history's window, holding all of it: history narrows it to its own.
		const looseFrom = addDays(history.estimate.from, -120);
		const looseTo = addDays(history.estimate.to, 120);
		const loose = run([claim({ window: win(looseFrom, looseTo, 'loose') })], season);
		expect(loose).toMatchObject({ state: 'estimate', estimate: { from: history.estimate.from, to: history.estimate.to, basis: 'claims+prior' } });
		// A loose report that history touches only at its edge disagrees: the report stands, the tension is said.
		const edge = run([claim({ window: win(addDays(history.estimate.to, -20), addDays(history.estimate.to, 400), 'edge') })], season);
		expect(edge).toMatchObject({ state: 'estimate', estimate: { from: addDays(history.estimate.to, -20), to: addDays(history.estimate.to, 400), basis: 'claims' } });
		expect(edge.state === 'estimate' && edge.estimate.conflicts.join(' ')).toMatch(/mostly outside the reported window/);
		// A season-wide report inside history's window is tighter than it: the whole report stands, the likely day in its middle.
		expect(historyDays).toBeGreaterThan(92);
		expect(historyDays).toBeLessThan(364);
		const springFrom = addDays(history.estimate.likely, -45);
		const precise = run([claim({ window: win(springFrom, addDays(springFrom, 90), 'a season', 'part-of-year') })], season);
		expect(precise).toMatchObject({ state: 'estimate', estimate: { from: springFrom, to: addDays(springFrom, 90), likely: addDays(springFrom, 45), basis: 'claims+prior' } });
	});

	it('a release dated before the season was ordered is another season’s and ends nothing', () => {
		// "The first two seasons premiered in April 2017 and April 2018", read as about season 4.
		const out = run([claim({ kind: 'status', status: 'released', statusFrom: '2017-04-01', statusTo: '2017-04-30', window: null, publishedOn: '2020-06-22' })], { events: [{ kind: 'renewed', occurredOn: '2019-07-26' }], previousReleased: '2019-06-05' }, '2020-06-22');
		expect(out.state).toBe('estimate');
		expect(out.state === 'estimate' && out.estimate.conflicts.join(' ')).toMatch(/before this season could have; ignored/);
		// A release after the previous season's and after the order does end the estimate.
		expect(run([claim({ kind: 'status', status: 'released', statusFrom: '2020-06-01', window: null, publishedOn: '2020-06-22' })], { events: [{ kind: 'renewed', occurredOn: '2019-07-26' }], previousReleased: '2019-06-05' }, '2020-06-22').state).toBe('released');
	});

	it('a release reported within a month of the season’s order is another season’s', () => {
		// "Renewed in November 2020, a few weeks after the comedy debuted", read as season 2's release.
		const out = run([claim({ kind: 'status', status: 'released', statusFrom: '2020-11-01', statusTo: '2020-11-30', window: null, publishedOn: '2021-04-16' })], { events: [{ kind: 'renewed', occurredOn: '2020-11-01' }], previousReleased: '2020-10-02' }, '2021-04-16');
		expect(out.state).toBe('estimate');
	});

	it('a release in the month the previous season came out is that season’s', () => {
		// "the series that launched with the service last November", read as about season 2.
		const out = run([claim({ kind: 'status', status: 'released', statusFrom: '2019-11-01', statusTo: '2019-11-30', window: null, publishedOn: '2020-08-17' })], { previousReleased: '2019-11-01' }, '2020-08-17');
		expect(out.state).toBe('estimate');
	});

	it('a lower bound past the whole of history’s window moves the window there, as wide as history’s', () => {
		const season = { events: [{ kind: 'filming-started', occurredOn: '2017-06-01' }] };
		const history = run([], season);
		expect(history.state).toBe('estimate');
		if (history.state !== 'estimate') return;
		const bound = addDays(history.estimate.to, 200);
		const out = run([claim({ window: { from: bound, to: '2030-12-31', precision: 'year', label: `not before ${bound}` } })], season);
		expect(out.state).toBe('estimate');
		if (out.state !== 'estimate') return;
		expect(out.estimate.from).toBe(bound);
		expect(daysBetween(out.estimate.from, out.estimate.to)).toBe(daysBetween(history.estimate.from, history.estimate.to));
	});

	it('a lower bound that leaves history a sliver of its window does not cut a report down to the sliver', () => {
		// Carnival Row: "late 2021", "not before late 2021", and history ending days after the bound.
		const season = { events: [{ kind: 'filming-started', occurredOn: '2017-06-01' }] };
		const history = run([], season);
		if (history.state !== 'estimate') throw new Error('history gives an estimate');
		const bound = addDays(history.estimate.to, -7);
		const report = { from: bound, to: addDays(bound, 120), precision: 'part-of-year' as const, label: 'late' };
		const out = run([claim({ window: report }), claim({ window: { from: bound, to: addDays(bound, 480), precision: 'year', label: `not before ${bound}` } })], season);
		if (out.state !== 'estimate') throw new Error('an estimate');
		expect(out.estimate.from).toBe(bound);
		expect(daysBetween(out.estimate.from, out.estimate.to)).toBeGreaterThanOrEqual(120);
	});

	it('a window the news has since ruled out in full no longer counts', () => {
		// "would arrive in 2020" and, in a story as new, "might not be released this year".
		const out = run([claim({ window: win('2020-01-01', '2020-12-31', '2020'), publishedOn: '2020-05-18' }), claim({ window: win('2020-01-01', '2020-12-31', '2020'), negated: true, hedged: true, publishedOn: '2020-05-18' })], { events: [{ kind: 'filming-started', occurredOn: '2020-02-01' }] }, '2020-05-18');
		expect(out.state).toBe('estimate');
		if (out.state !== 'estimate') return;
		expect(out.estimate.from > '2020-12-31').toBe(true);
		expect(out.estimate.reasons.some((r) => r.kind === 'exclusion' && /ruled out/.test(r.text))).toBe(true);
	});

	it('a report history says comes too soon keeps its start, the window runs on to history’s end, and the likely day is the report’s end', () => {
		const season = { events: [{ kind: 'filming-started', occurredOn: '2017-06-01' }] };
		const history = run([], season);
		expect(history.state).toBe('estimate');
		if (history.state !== 'estimate') return;
		// A month-long report well before anything history allows.
		const early = addDays(history.estimate.from, -120);
		expect(early > '2017-06-20').toBe(true);
		const out = run([claim({ window: win(early, addDays(early, 29), 'a month', 'month') })], season);
		expect(out).toMatchObject({ state: 'estimate', estimate: { from: early, to: history.estimate.to, basis: 'claims+prior' } });
		if (out.state !== 'estimate') return;
		// Such reports held about two times in five, the rest came later: half the chances lie
		// before the report's last day, not at history's own day.
		expect(out.estimate.likely).toBe(addDays(early, 29));
		expect(out.estimate.likely < history.estimate.likely).toBe(true);
		expect(out.estimate.conflicts.join(' ')).toMatch(/outside the reported window/);
	});

	it('with no claim at all the prior is the estimate', () => {
		const out = run([], { events: [{ kind: 'filming-started', occurredOn: '2017-03-01' }] });
		expect(out).toMatchObject({ state: 'estimate', estimate: { basis: 'prior' } });
	});
});

describe('labels and changes', () => {
	it('labels a window at the precision it honestly has', () => {
		expect(honestWindow('2018-06-22', '2018-06-22').label).toBe('June 22, 2018');
		expect(honestWindow('2018-06-03', '2018-06-20').label).toBe('June 2018');
		expect(honestWindow('2018-03-10', '2018-05-20').label).toBe('spring 2018');
		expect(honestWindow('2018-01-15', '2018-04-20').label).toBe('early 2018');
		expect(honestWindow('2018-02-20', '2018-11-30').label).toBe('2018');
		// Across years: months when the window is months wide, days when it is a few weeks.
		expect(honestWindow('2020-12-23', '2022-10-14').label).toBe('between December 2020 and October 2022');
		expect(honestWindow('2018-10-20', '2019-01-10').label).toBe('between October 2018 and January 2019');
		expect(honestWindow('2018-11-10', '2019-01-10').label).toBe('between November 10, 2018 and January 10, 2019');
	});

	it('tells narrowed, slipped, dated and small moves apart', () => {
		const a = { from: '2018-01-01', to: '2018-12-31', likely: '2018-06-01', precision: 'year' as const, label: '2018', confidence: 0.5 };
		expect(classifyChange(null, a)).toBe('first estimate');
		expect(classifyChange(a, { ...a, from: '2018-05-01', to: '2018-08-31', precision: 'part-of-year', label: 'mid-2018' })).toBe('narrowed');
		expect(classifyChange(a, { ...a, from: '2019-01-01', to: '2019-12-31', likely: '2019-06-01', label: '2019' })).toBe('slipped');
		expect(classifyChange(a, { ...a, from: '2018-06-22', to: '2018-06-22', likely: '2018-06-22', precision: 'day' })).toBe('dated');
		expect(classifyChange(a, { ...a, likely: '2018-06-05' })).toBeNull();
		expect(classifyChange(a, null, 'cancelled')).toBe('cancelled');
	});
});

describe('the estimate in one sentence', async () => {
	const { estimateSentence } = await import('../../src/lib/domain/format.ts');
	it('reads like a person wrote it', () => {
		expect(estimateSentence({ from: '2018-04-01', to: '2018-08-31', likely: '2018-06-10', precision: 'part-of-year' }, { kind: 'filming-started', occurredOn: '2017-06-13', precision: 'day' })).toBe(
			'Most likely June 2018 — between April and August 2018; filming began June 2017.'
		);
		expect(estimateSentence({ from: '2018-06-22', to: '2018-06-22', likely: '2018-06-22', precision: 'day' })).toBe('Comes out June 22, 2018.');
		expect(estimateSentence({ from: '2018-11-01', to: '2019-02-28', likely: '2019-01-05', precision: 'season' })).toBe('Most likely January 2019 — between November 2018 and February 2019.');
	});
});

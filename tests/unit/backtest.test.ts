import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { halfOf, runBacktest, validateDataset, type Dataset } from '../../src/lib/domain/estimate/backtest.ts';

// A small catalog: a show with two past seasons and an upcoming third, and other shows of the
// same network whose timelines give the production-timeline prior its history.
function dataset(over: { ownRelease?: string; stories?: Dataset['stories']; questions?: Dataset['questions'] } = {}): Dataset {
	const others = ['Harbor Lights', 'Night Shift', 'Copperline', 'Blue Hour'].map((title, i) => ({
		title,
		network: 'Streamer',
		seasons: [1, 2].map((number) => {
			const start = 2016 + number * 2 + (i % 2);
			return { number, filmingStart: `${start}-0${3 + i}`, filmingWrap: `${start}-${String(8 + i).padStart(2, '0')}`, releaseDate: `${start + 1}-0${2 + i}-1${i}` };
		})
	}));
	return {
		catalog: {
			series: [
				{
					title: 'Example Show',
					slug: 'example-show',
					network: 'Streamer',
					seasons: [
						{ number: 1, filmingStart: '2019-03', filmingWrap: '2019-08', releaseDate: '2020-04-10' },
						{ number: 2, filmingStart: '2021-02', filmingWrap: '2021-07', releaseDate: '2022-03-18' },
						{ number: 3, filmingStart: '2023-02-01', releaseDate: over.ownRelease ?? '2024-04-12' }
					]
				},
				...others
			]
		},
		stories: over.stories ?? [
			{ title: 'Example Show returns', publishedAt: '2023-06-01', outlet: 'Test Wire', text: 'Example Show season 3 will premiere in spring 2024, the streamer said.' }
		],
		questions: over.questions ?? [
			{ series: 'example-show', season: 3, asOf: '2023-03-01', actual: '2024-04-12' },
			{ series: 'Example Show', season: 3, asOf: '2023-07-01', actual: '2024-04-12' }
		]
	};
}

describe('the backtest replays only what was known on the day', () => {
	it('never shows a question its own season’s release', () => {
		const a = runBacktest(dataset({ ownRelease: '2024-04-12' }));
		const b = runBacktest(dataset({ ownRelease: '2025-11-30' }));
		for (const [i, p] of a.predictions.entries()) {
			expect(p.window, `question ${i + 1} is answered`).not.toBeNull();
			expect({ window: p.window, likely: p.likely }).toEqual({ window: b.predictions[i].window, likely: b.predictions[i].likely });
			expect(p.basis).not.toBe('dated');
		}
	});

	it('uses no story published after the question’s day', () => {
		const later = { title: 'Example Show dated', publishedAt: '2023-12-01', outlet: 'Test Wire', text: 'Example Show season 3 will premiere on April 12, 2024, the streamer announced.' };
		const questions = [
			{ series: 'example-show', season: 3, asOf: '2023-07-01', actual: '2024-04-12' },
			{ series: 'example-show', season: 3, asOf: '2023-12-15', actual: '2024-04-12' }
		];
		const without = runBacktest(dataset({ questions }));
		const withLater = runBacktest(dataset({ questions, stories: [...dataset().stories, later] }));
		expect(withLater.predictions[0].window).toEqual(without.predictions[0].window);
		expect(withLater.predictions[1]).toMatchObject({ window: { from: '2024-04-12', to: '2024-04-12' }, basis: 'dated' });
	});

	it('a story’s window is the baseline; before any story the baseline says nothing', () => {
		const report = runBacktest(dataset());
		expect(report.predictions[0].baseline).toBeNull();
		expect(report.predictions[1].baseline).toMatchObject({ from: '2024-03-01', to: '2024-05-31' });
		// The spring report holds April 12; the prior alone (March 1) answers too.
		expect(report.whereStoriesSpoke.baseline).toMatchObject({ questions: 1, answered: 1, hitRate: 1 });
		expect(report.baseline).toMatchObject({ questions: 2, answered: 1, hitRate: 0.5 });
		expect(report.estimator.answered).toBe(2);
		expect(report.predictions[1].window!.from <= '2024-04-12' && '2024-04-12' <= report.predictions[1].window!.to).toBe(true);
	});

	it('splits the questions by series into two halves that share the catalog and the stories', () => {
		const full = dataset({
			questions: ['example-show', 'Harbor Lights', 'night-shift', 'copperline', 'Blue Hour'].map((series) => ({ series, season: 2, asOf: '2018-01-01' }))
		});
		const a = halfOf(full, 'a');
		const b = halfOf(full, 'b');
		expect(a.questions.length + b.questions.length).toBe(5);
		// Slug order: blue-hour, copperline, example-show, harbor-lights, night-shift.
		expect(a.questions.map((q) => q.series)).toEqual(['example-show', 'night-shift', 'Blue Hour']);
		expect(b.questions.map((q) => q.series)).toEqual(['Harbor Lights', 'copperline']);
		expect(a.catalog).toBe(full.catalog);
		expect(a.stories).toBe(full.stories);
	});

	it('names what is wrong with a malformed dataset', () => {
		expect(() => validateDataset({ catalog: { series: [] }, stories: [], questions: [{ series: 'x', season: 1 }] })).toThrow(/question 1 needs "series", "season" and "asOf"/);
		expect(() => validateDataset({ catalog: { series: [{ title: 'X', seasons: [{ number: 1, releaseDate: 'soon' }] }] }, stories: [], questions: [] })).toThrow(/X season 1: releaseDate must be YYYY/);
	});
});

describe('npm run backtest', () => {
	const dir = mkdtempSync(join(tmpdir(), 'sw-backtest-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const backtest = (...args: string[]) => spawnSync(process.execPath, ['scripts/backtest.ts', ...args], { encoding: 'utf8' });

	it('prints a line per question and the scores, and writes the predictions with --out', () => {
		const file = join(dir, 'dataset.json');
		const out = join(dir, 'predictions.json');
		writeFileSync(file, JSON.stringify(dataset()));
		const result = backtest(file, '--out', out);
		expect(result.status).toBe(0);
		const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
		expect(lines).toHaveLength(3);
		expect(lines[1]).toMatchObject({ series: 'Example Show', season: 3, asOf: '2023-07-01', actual: '2024-04-12' });
		expect(Object.keys(lines[1])).toEqual(['series', 'season', 'asOf', 'window', 'likely', 'label', 'confidence', 'actual']);
		expect(lines[2].summary.estimator).toMatchObject({ questions: 2, answered: 2 });
		expect(result.stderr).toMatch(/estimator\s+window holds the release \d+% of 2/);
		// How sure the answers said they were, beside how often they held, per basis.
		const calibration = lines[2].summary.calibration as { basis: string; answered: number; meanConfidence: number; hitRate: number }[];
		expect(calibration.reduce((n, c) => n + c.answered, 0)).toBe(2);
		for (const c of calibration) expect(c.meanConfidence > 0 && c.meanConfidence <= 1 && c.hitRate >= 0 && c.hitRate <= 1).toBe(true);
		expect(result.stderr).toMatch(/calibration \S+\s+\d+ answers said \d+% on average; held \d+%/);
		const written = JSON.parse(readFileSync(out, 'utf8')).predictions as { asOf: string; reasons: string[] }[];
		expect(written).toHaveLength(2);
		// The report says why, so a miss can be read: the story's "spring 2024" behind the second answer.
		expect(written.find((p) => p.asOf === '2023-07-01')!.reasons.join(' ')).toMatch(/“spring 2024” \(Test Wire, June 1, 2023\)/);
	});

	it('scores several datasets each and together', () => {
		const a = join(dir, 'a.json');
		const b = join(dir, 'b.json');
		writeFileSync(a, JSON.stringify(dataset()));
		writeFileSync(b, JSON.stringify(dataset({ ownRelease: '2024-09-20', questions: [{ series: 'Example Show', season: 3, asOf: '2023-07-01', actual: '2024-09-20' }] })));
		const result = backtest(a, b);
		expect(result.status).toBe(0);
		const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
		expect(lines).toHaveLength(4);
		const summary = lines[3];
		expect(summary.summary.estimator.questions).toBe(3);
		expect(Object.keys(summary.datasets)).toEqual([a, b]);
		expect(summary.datasets[b].estimator.questions).toBe(1);
		expect(result.stderr).toContain(`== ${a}`);
		expect(result.stderr).toMatch(/== all 2 datasets together\nestimator\s+window holds the release \d+% of 3/);
	});

	it('refuses a malformed dataset or option with exit code 2 and one line', () => {
		const bad = join(dir, 'bad.json');
		writeFileSync(bad, JSON.stringify({ catalog: { series: [] }, stories: [], questions: [{ series: 'x' }] }));
		for (const args of [[bad], [join(dir, 'missing.json')], [bad, '--half', 'c']]) {
			const result = backtest(...args);
			expect(result.status, args.join(' ')).toBe(2);
			expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
			expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
		}
	});
});

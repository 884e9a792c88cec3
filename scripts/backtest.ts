/**
 * npm run backtest -- DATASET.json [--out predictions.json] [--half a|b]
 * Replays what was known on each question's day and prints one JSON line per prediction, then a
 * summary line with the scores (when the dataset holds actual release days). Format: docs/backtest.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { halfOf, runBacktest, validateDataset } from '../src/lib/domain/estimate/backtest.ts';
import { fail, reason } from './lib/config.ts';

let args;
try {
	args = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, half: { type: 'string' } } });
} catch (error) {
	fail(reason(error), 2);
}
const [file] = args.positionals;
if (!file) fail('usage: npm run backtest -- DATASET.json [--out predictions.json] [--half a|b]', 2);
const half = args.values.half;
if (half !== undefined && half !== 'a' && half !== 'b') fail(`--half takes a or b (every other series in slug order), not "${half}"`, 2);

let dataset;
try {
	dataset = validateDataset(JSON.parse(readFileSync(file, 'utf8')));
} catch (error) {
	fail(`cannot read the dataset ${file}: ${reason(error)}`, 2);
}

let report;
try {
	report = runBacktest(half ? halfOf(dataset, half) : dataset);
} catch (error) {
	fail(reason(error), 2);
}
for (const p of report.predictions) {
	const { series, season, asOf, window, likely, label, confidence } = p;
	process.stdout.write(`${JSON.stringify({ series, season, asOf, window, likely, label, confidence, ...(p.actual ? { actual: p.actual } : {}) })}\n`);
}
process.stdout.write(`${JSON.stringify({ summary: { estimator: report.estimator, baseline: report.baseline, whereStoriesSpoke: report.whereStoriesSpoke, calibration: report.calibration } })}\n`);
if (report.estimator.questions) {
	const line = (name: string, s: typeof report.estimator) =>
		`${name.padEnd(10)} window holds the release ${s.hitRate === null ? '–' : `${Math.round(s.hitRate * 100)}%`} of ${s.questions}; answered ${s.answered}; median error ${s.medianErrorDays ?? '–'} days; median width ${s.medianWidthDays ?? '–'} days`;
	process.stderr.write(`${line('estimator', report.estimator)}\n${line('baseline', report.baseline)}\n`);
	const spoke = report.whereStoriesSpoke;
	process.stderr.write(`where a story had given a window (${spoke.estimator.questions} questions):\n${line('estimator', spoke.estimator)}\n${line('baseline', spoke.baseline)}\n`);
	for (const c of report.calibration) process.stderr.write(`calibration ${c.basis.padEnd(12)} ${c.answered} answers said ${Math.round(c.meanConfidence * 100)}% on average; held ${Math.round(c.hitRate * 100)}%\n`);
}
if (args.values.out) writeFileSync(args.values.out, JSON.stringify(report, null, 2));

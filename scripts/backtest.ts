/**
 * npm run backtest -- DATASET.json [MORE.json …] [--out predictions.json] [--half a|b]
 * Replays what was known on each question's day and prints one JSON line per prediction, then a
 * summary line with the scores (when the dataset holds actual release days). Given several
 * datasets, it scores each and then all of them together. Format: docs/backtest.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { halfOf, runBacktest, scoresOf, validateDataset, type BacktestReport } from '../src/lib/domain/estimate/backtest.ts';
import { fail, reason } from './lib/config.ts';

let args;
try {
	args = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, half: { type: 'string' } } });
} catch (error) {
	fail(reason(error), 2);
}
const files = args.positionals;
if (!files.length) fail('usage: npm run backtest -- DATASET.json [MORE.json …] [--out predictions.json] [--half a|b]', 2);
const half = args.values.half;
if (half !== undefined && half !== 'a' && half !== 'b') fail(`--half takes a or b (every other series in slug order), not "${half}"`, 2);

const reports: { file: string; report: BacktestReport }[] = [];
for (const file of files) {
	let dataset;
	try {
		dataset = validateDataset(JSON.parse(readFileSync(file, 'utf8')));
	} catch (error) {
		fail(`cannot read the dataset ${file}: ${reason(error)}`, 2);
	}
	try {
		reports.push({ file, report: runBacktest(half ? halfOf(dataset, half) : dataset) });
	} catch (error) {
		fail(`${file}: ${reason(error)}`, 2);
	}
}

const predictions = reports.flatMap((r) => r.report.predictions);
const pooled: BacktestReport = reports.length === 1 ? reports[0].report : { predictions, ...scoresOf(predictions) };
for (const p of predictions) {
	const { series, season, asOf, window, likely, label, confidence } = p;
	process.stdout.write(`${JSON.stringify({ series, season, asOf, window, likely, label, confidence, ...(p.actual ? { actual: p.actual } : {}) })}\n`);
}
const summaryOf = ({ estimator, baseline, whereStoriesSpoke, calibration }: BacktestReport) => ({ estimator, baseline, whereStoriesSpoke, calibration });
process.stdout.write(`${JSON.stringify({ summary: summaryOf(pooled), ...(reports.length > 1 ? { datasets: Object.fromEntries(reports.map((r) => [r.file, summaryOf(r.report)])) } : {}) })}\n`);

const line = (name: string, s: BacktestReport['estimator']) =>
	`${name.padEnd(10)} window holds the release ${s.hitRate === null ? '–' : `${Math.round(s.hitRate * 100)}%`} of ${s.questions}; answered ${s.answered}; median error ${s.medianErrorDays ?? '–'} days; median width ${s.medianWidthDays ?? '–'} days`;
function printScores(report: BacktestReport) {
	if (!report.estimator.questions) return;
	process.stderr.write(`${line('estimator', report.estimator)}\n${line('baseline', report.baseline)}\n`);
	const spoke = report.whereStoriesSpoke;
	process.stderr.write(`where a story had given a window (${spoke.estimator.questions} questions):\n${line('estimator', spoke.estimator)}\n${line('baseline', spoke.baseline)}\n`);
	for (const c of report.calibration) process.stderr.write(`calibration ${c.basis.padEnd(12)} ${c.answered} answers said ${Math.round(c.meanConfidence * 100)}% on average; held ${Math.round(c.hitRate * 100)}%\n`);
}
if (reports.length === 1) printScores(pooled);
else {
	for (const r of reports) {
		process.stderr.write(`== ${r.file}\n`);
		printScores(r.report);
	}
	process.stderr.write(`== all ${reports.length} datasets together\n`);
	printScores(pooled);
}
if (args.values.out) writeFileSync(args.values.out, JSON.stringify(reports.length > 1 ? { ...pooled, datasets: Object.fromEntries(reports.map((r) => [r.file, summaryOf(r.report)])) } : pooled, null, 2));

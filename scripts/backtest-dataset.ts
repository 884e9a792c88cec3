/**
 * npm run backtest:dataset: writes backtest/dataset.json from the demo catalog and the test
 * stories. Questions: each released season, asked 30 days after each production milestone the
 * catalog dates and on each day a story spoke of it, always before its release.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoCatalog } from '../src/lib/server/demo/index.ts';
import type { Dataset, Question } from '../src/lib/domain/estimate/backtest.ts';
import { extractClaims } from '../src/lib/domain/extract/extract.ts';
import { catalogIndexFromJson } from '../src/lib/domain/extract/mentions.ts';
import { addDays } from '../src/lib/domain/estimate/prior.ts';

const FIXTURES = 'tests/fixtures/stories';
const stories = readdirSync(FIXTURES)
	.filter((n) => n.endsWith('.txt'))
	.sort()
	.map((name) => {
		const text = readFileSync(join(FIXTURES, name), 'utf8');
		let meta: { title?: string; publishedAt?: string; outlet?: string } = {};
		try {
			meta = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.txt$/, '.json')), 'utf8'));
		} catch {
			meta = { publishedAt: '2017-06-20', outlet: 'CBR' };
		}
		return { title: meta.title ?? text.split('\n')[0], publishedAt: meta.publishedAt ?? '2017-06-20', outlet: meta.outlet, text };
	});

const known = (v?: string | null) => (!v ? null : v.length === 10 ? v : v.length === 7 ? `${v}-01` : `${v}-01-01`);
const index = catalogIndexFromJson(demoCatalog);
const questions: Question[] = [];
const seen = new Set<string>();
const ask = (slug: string, season: number, asOf: string, actual: string) => {
	const key = `${slug}/${season}/${asOf}`;
	if (asOf >= actual || seen.has(key)) return;
	seen.add(key);
	questions.push({ series: slug, season, asOf, actual });
};
for (const s of demoCatalog.series) {
	for (const season of s.seasons) {
		if (!season.releaseDate || season.releaseDate.length !== 10) continue;
		for (const milestone of [season.orderedAt, season.filmingStart, season.filmingWrap]) {
			const day = known(milestone);
			if (day) ask(s.slug, season.number, addDays(day, 30), season.releaseDate);
		}
	}
}
for (const story of stories) {
	for (const c of extractClaims(story, index)) {
		const season = demoCatalog.series.find((s) => s.slug === c.seriesSlug)?.seasons.find((x) => x.number === c.season);
		if (season?.releaseDate?.length === 10) ask(c.seriesSlug, c.season, story.publishedAt, season.releaseDate);
	}
}
questions.sort((a, b) => a.series.localeCompare(b.series) || a.season - b.season || a.asOf.localeCompare(b.asOf));
const dataset: Dataset = { catalog: { series: demoCatalog.series.map((s) => ({ title: s.title, slug: s.slug, network: s.network ?? null, aliases: s.aliases ?? [], seasons: s.seasons })) }, stories, questions };
mkdirSync('backtest', { recursive: true });
writeFileSync('backtest/dataset.json', `${JSON.stringify(dataset, null, 1)}\n`);
console.log(`backtest/dataset.json: ${dataset.catalog.series.length} series, ${stories.length} stories, ${questions.length} questions`);

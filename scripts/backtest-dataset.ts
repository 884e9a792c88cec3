/**
 * npm run backtest:dataset: writes the backtest's datasets.
 *
 * - backtest/dataset.json: the demo catalog and the test stories (tests/fixtures/stories), the
 *   data the estimator was built and tuned on.
 * - backtest/holdout.json … backtest/holdout10.json: data the project had not seen while building
 *   the estimator: the seasons of backtest/holdout{,2,…,10}/seasons.json
 *   (other series, sourced like ../shared/data) beside the demo catalog, and the news reports of
 *   backtest/holdout{,2,…,10}/stories (written from real, dated articles). Questions only about what
 *   is new: the holdout's seasons, and any season on the day one of its stories spoke of it. Each
 *   was gathered after the estimator had been changed on the one before, to check those changes
 *   on data nobody had looked at.
 *
 * Questions: each released season, asked 30 days after each production milestone the catalog
 * dates and on each day a story spoke of it, always before its release.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoCatalog } from '../src/lib/server/demo/index.ts';
import type { Catalog, CatalogSeries } from '../src/lib/server/catalog-import.ts';
import { slugify } from '../src/lib/server/catalog-import.ts';
import type { Dataset, DatasetStory, Question } from '../src/lib/domain/estimate/backtest.ts';
import { addDays } from '../src/lib/domain/estimate/prior.ts';
import { parseFuzzyDay } from '../src/lib/domain/season-status.ts';

/** A story with the seasons its metadata says it speaks of (what a careful reader found, not the extractor). */
interface SourcedStory extends DatasetStory {
	about: { series: string; season: number }[];
}

/**
 * Stories as `NAME.txt` (the headline on the first line) with `NAME.json` beside it for the title,
 * day, outlet and the seasons it speaks of: `series`/`season` (the holdout's) or the expected
 * `claims` (the test fixtures').
 */
function readStories(dir: string): SourcedStory[] {
	return readdirSync(dir)
		.filter((n) => n.endsWith('.txt'))
		.sort()
		.map((name) => {
			const text = readFileSync(join(dir, name), 'utf8');
			let meta: { title?: string; publishedAt?: string; outlet?: string; url?: string; series?: string; season?: number; claims?: { series: string; season: number }[] } = {};
			try {
				meta = JSON.parse(readFileSync(join(dir, name.replace(/\.txt$/, '.json')), 'utf8'));
			} catch {
				// The seed story has no metadata file: it is the CBR article of 2017-06-20; the seasons are
				// those of ../shared/seeds/luke-cage-s2-production.expected.md.
				meta = { publishedAt: '2017-06-20', outlet: 'CBR', claims: [{ series: 'Luke Cage', season: 2 }, { series: 'Jessica Jones', season: 2 }, { series: 'Daredevil', season: 3 }, { series: 'The Defenders', season: 1 }] };
			}
			const about = meta.series && Number.isInteger(meta.season) ? [{ series: meta.series, season: meta.season! }] : (meta.claims ?? []).map((c) => ({ series: c.series, season: c.season }));
			return { title: meta.title ?? text.split('\n')[0], publishedAt: meta.publishedAt ?? '2017-06-20', outlet: meta.outlet, ...(meta.url ? { url: meta.url } : {}), text, about };
		});
}

/** Rows shaped like ../shared/data/seasons.json, one per season, grouped into catalog series. */
function seriesFromRows(rows: { series: string; network?: string | null; aliases?: string[]; season: number; episodes?: number | null; orderedAt?: string | null; filmingStart?: string | null; filmingWrap?: string | null; releaseDate?: string | null }[]): CatalogSeries[] {
	const bySeries = new Map<string, CatalogSeries>();
	for (const row of rows) {
		const series = bySeries.get(row.series) ?? { title: row.series, slug: slugify(row.series), network: row.network ?? null, aliases: row.aliases ?? [], seasons: [] };
		series.seasons.push({ number: row.season, episodes: row.episodes ?? null, orderedAt: row.orderedAt ?? null, filmingStart: row.filmingStart ?? null, filmingWrap: row.filmingWrap ?? null, releaseDate: row.releaseDate ?? null });
		bySeries.set(row.series, series);
	}
	for (const s of bySeries.values()) s.seasons.sort((a, b) => a.number - b.number);
	return [...bySeries.values()];
}

const known = (v?: string | null) => (v ? parseFuzzyDay(v).day : null);

/**
 * The questions: for the seasons of `milestoneSeries`, 30 days after each production milestone;
 * for each season a story of `stories` speaks of (by its metadata, so the questions do not
 * depend on the extractor being judged), on the story's day. Only seasons whose release day is
 * known, and only before it.
 */
function questionsFor(catalog: Catalog, milestoneSeries: CatalogSeries[], stories: SourcedStory[]): Question[] {
	const questions: Question[] = [];
	const seen = new Set<string>();
	const ask = (slug: string, season: number, asOf: string, actual: string) => {
		const key = `${slug}/${season}/${asOf}`;
		if (asOf >= actual || seen.has(key)) return;
		seen.add(key);
		questions.push({ series: slug, season, asOf, actual });
	};
	for (const s of milestoneSeries) {
		for (const season of s.seasons) {
			if (!season.releaseDate || season.releaseDate.length !== 10) continue;
			for (const milestone of [season.orderedAt, season.filmingStart, season.filmingWrap]) {
				const day = known(milestone);
				if (day) ask(s.slug, season.number, addDays(day, 30), season.releaseDate);
			}
		}
	}
	for (const story of stories) {
		for (const about of story.about) {
			const series = catalog.series.find((s) => s.title.toLowerCase() === about.series.toLowerCase() || s.slug === about.series);
			if (!series) throw new Error(`story "${story.title}" speaks of ${about.series}, which is not in the catalog`);
			const season = series.seasons.find((x) => x.number === about.season);
			if (season?.releaseDate?.length === 10) ask(series.slug, about.season, story.publishedAt, season.releaseDate);
		}
	}
	return questions.sort((a, b) => a.series.localeCompare(b.series) || a.season - b.season || a.asOf.localeCompare(b.asOf));
}

function write(file: string, catalog: Catalog, stories: SourcedStory[], questions: Question[]) {
	const dataset: Dataset = { catalog: { series: catalog.series.map((s) => ({ title: s.title, slug: s.slug, network: s.network ?? null, aliases: s.aliases ?? [], seasons: s.seasons })) }, stories: stories.map(({ about: _, ...story }) => story), questions };
	writeFileSync(file, `${JSON.stringify(dataset, null, 1)}\n`);
	console.log(`${file}: ${dataset.catalog.series.length} series, ${stories.length} stories, ${questions.length} questions`);
}

mkdirSync('backtest', { recursive: true });
const fixtures = readStories('tests/fixtures/stories');
write('backtest/dataset.json', demoCatalog, fixtures, questionsFor(demoCatalog, demoCatalog.series, fixtures));

// Each holdout adds series the project had not seen; a later one's catalog holds the earlier ones'
// seasons too (history a real catalog would have), and its questions are only about what it adds.
let catalog: Catalog = demoCatalog;
for (const name of ['holdout', 'holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7', 'holdout8', 'holdout9', 'holdout10']) {
	const dir = join('backtest', name);
	if (!existsSync(join(dir, 'seasons.json'))) continue;
	const extra = seriesFromRows(JSON.parse(readFileSync(join(dir, 'seasons.json'), 'utf8')));
	const clash = extra.find((s) => catalog.series.some((d) => d.slug === s.slug));
	if (clash) throw new Error(`${dir}/seasons.json: ${clash.title} is already in the catalog; a holdout holds other series only`);
	catalog = { series: [...catalog.series, ...extra] };
	const stories = existsSync(join(dir, 'stories')) ? readStories(join(dir, 'stories')) : [];
	write(`backtest/${name}.json`, catalog, stories, questionsFor(catalog, extra, stories));
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../src/lib/server/db/index.ts';
import { ingestStory } from '../../src/lib/server/ingest/intake.ts';
import { cachedCatalogIndex } from '../../src/lib/server/ingest/catalog-index.ts';
import { extractClaims, type CatalogIndex } from '../../src/lib/domain/extract/extract.ts';

const FIXTURES = 'tests/fixtures/stories';

/** The test stories, each with its publication date (from its sidecar JSON when there is one). */
export function fixtureStories(): { title: string; text: string; publishedAt: string }[] {
	return readdirSync(FIXTURES)
		.filter((name) => name.endsWith('.txt'))
		.sort()
		.map((name) => {
			const text = readFileSync(join(FIXTURES, name), 'utf8');
			let publishedAt = '2017-06-20';
			try {
				publishedAt = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.txt$/, '.json')), 'utf8')).publishedAt ?? publishedAt;
			} catch {
				// no sidecar: the seed story's date
			}
			return { title: text.split('\n')[0].slice(0, 200) || name, text, publishedAt };
		});
}

/**
 * Ingestion end to end (validate, store, extract, link, recompute) of `count` distinct
 * stories, one after another as an editor's tool or a feed poller sends them.
 */
export async function benchIngestion(db: Database, count = 300): Promise<{ stories: number; seconds: number; storiesPerSecond: number; claims: number }> {
	const base = fixtureStories();
	await cachedCatalogIndex(db);
	let claims = 0;
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		const story = base[i % base.length];
		const result = await ingestStory(db, {
			title: `${story.title} (${i})`,
			url: `https://news.example/bench/${i}`,
			publishedAt: story.publishedAt,
			text: `${story.text}\n\nBench copy ${i}.`,
			outlet: 'Bench Daily',
			source: 'api'
		});
		claims += result.claims;
	}
	const seconds = (performance.now() - started) / 1000;
	return { stories: count, seconds: Math.round(seconds * 100) / 100, storiesPerSecond: Math.round(count / seconds), claims };
}

/**
 * Extraction alone, on one core: the fixture stories (about 3 KB each) against `index`, over and
 * over for `seconds`. Pure CPU: no database, no I/O.
 */
export function benchExtraction(index: CatalogIndex, seconds = 5): { stories: number; seconds: number; storiesPerSecond: number; averageKB: number; catalogSeries: number } {
	const stories = fixtureStories();
	// Warm up the regular expressions and the catalog matcher.
	for (const story of stories) extractClaims(story, index);
	let count = 0;
	let bytes = 0;
	const started = performance.now();
	const deadline = started + seconds * 1000;
	while (performance.now() < deadline) {
		for (const story of stories) {
			extractClaims(story, index);
			count++;
			bytes += story.text.length;
		}
	}
	const elapsed = (performance.now() - started) / 1000;
	return {
		stories: count,
		seconds: Math.round(elapsed * 100) / 100,
		storiesPerSecond: Math.round(count / elapsed),
		averageKB: Math.round((bytes / count / 1024) * 10) / 10,
		catalogSeries: index.series.length
	};
}

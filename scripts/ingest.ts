// `npm run ingest -- [--published YYYY-MM-DD] [--outlet NAME] FILE|DIR|URL …`
// Stores stories (idempotently), extracts and links their claims, with a progress bar.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createDatabase, migrateToLatest } from '../src/lib/server/db/index.ts';
import { ingestStory, InputError, type StoryInput } from '../src/lib/server/ingest/intake.ts';
import { allowHostsFromEnv, safeFetch } from '../src/lib/server/ingest/safe-fetch.ts';
import { extractArticle } from '../src/lib/server/ingest/article.ts';
import { parseStoryFile } from '../src/lib/server/ingest/story-file.ts';
import { databaseConfigFromEnv, reason } from './lib/config.ts';

function usage(message: string): never {
	process.stderr.write(`ingest: ${message} (usage: npm run ingest -- [--published YYYY-MM-DD] [--outlet NAME] FILE|DIR|URL …)\n`);
	process.exit(2);
}

let parsed;
try {
	parsed = parseArgs({ allowPositionals: true, options: { published: { type: 'string' }, outlet: { type: 'string' } } });
} catch (error) {
	usage(reason(error));
}
if (!parsed.positionals.length) usage('name at least one file, folder or URL');
const defaults = { publishedAt: parsed.values.published, outlet: parsed.values.outlet };

type Job = { label: string; load: () => Promise<Omit<StoryInput, 'source'>[]> };

function jobsFor(target: string): Job[] {
	if (/^https?:\/\//i.test(target)) {
		return [
			{
				label: target,
				load: async () => {
					const page = await safeFetch(target, { accept: ['text/html', 'application/xhtml+xml'], allowHosts: allowHostsFromEnv() });
					const article = extractArticle(page.body.toString('utf8'), page.url);
					return [
						{
							title: article.title,
							url: page.url,
							publishedAt: article.publishedAt?.slice(0, 10) ?? defaults.publishedAt ?? '',
							outlet: article.siteName ?? defaults.outlet ?? null,
							text: article.text
						}
					];
				}
			}
		];
	}
	let stat;
	try {
		stat = statSync(target);
	} catch {
		return [{ label: target, load: async () => { throw new InputError('no such file or folder'); } }];
	}
	if (stat.isDirectory()) {
		return readdirSync(target)
			.filter((name) => ['.txt', '.md', '.json'].includes(extname(name)))
			.sort()
			.flatMap((name) => jobsFor(join(target, name)));
	}
	return [
		{
			label: target,
			load: async () => {
				if (stat.size > 20_000_000) throw new InputError(`the file is ${stat.size} bytes; at most 20 MB`);
				const raw = readFileSync(target);
				if (extname(target) === '.json') {
					let data: unknown;
					try {
						data = JSON.parse(raw.toString('utf8'));
					} catch {
						throw new InputError('not valid JSON');
					}
					const list = Array.isArray(data) ? data : [data];
					return list.map((s) => ({ ...s, publishedAt: s.publishedAt ?? defaults.publishedAt, outlet: s.outlet ?? defaults.outlet }));
				}
				if (raw.includes(0)) throw new InputError('the file is binary, not text');
				return [parseStoryFile(raw.toString('utf8'), defaults)];
			}
		}
	];
}

const jobs = parsed.positionals.flatMap(jobsFor);
const db = createDatabase({ ...databaseConfigFromEnv(), poolSize: 4 });
const counts = { stored: 0, duplicates: 0, failed: 0, claims: 0 };
const failures: string[] = [];
const bar = new cliProgress.SingleBar(
	{ format: 'ingest [{bar}] {value}/{total} stories | {stored} stored, {duplicates} duplicates, {failed} failed | {eta_formatted} left', noTTYOutput: false, stream: process.stderr },
	cliProgress.Presets.shades_classic
);
try {
	await migrateToLatest(db);
	bar.start(jobs.length, 0, counts);
	for (const job of jobs) {
		try {
			for (const story of await job.load()) {
				const result = await ingestStory(db, { ...story, source: 'cli', submittedBy: 'cli' });
				if (result.created) {
					counts.stored++;
					counts.claims += result.claims;
				} else counts.duplicates++;
			}
		} catch (error) {
			counts.failed++;
			failures.push(`${job.label}: ${reason(error)}`);
		}
		bar.increment(1, counts);
	}
	bar.stop();
} catch (error) {
	bar.stop();
	process.stderr.write(`ingest: ${reason(error)}\n`);
	process.exitCode = 1;
} finally {
	await db.destroy();
}
for (const failure of failures) process.stderr.write(`ingest: ${failure}\n`);
console.log(`${counts.stored} stored (${counts.claims} claims), ${counts.duplicates} already known, ${counts.failed} failed`);
if (counts.failed) process.exitCode = 1;

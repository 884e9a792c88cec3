// `npm run bench`: a large catalog in a fresh database, the built server and a bare floor server
// measured with autocannon on PostgreSQL and PGlite. Writes bench-results/foundation.json.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDatabase, migrateToLatest, type Database } from '../src/lib/server/db/index.ts';
import { loadHome, loadNetworks, loadSeriesList, loadSeriesPage } from '../src/lib/server/views.ts';
import { generateBenchCatalog } from './bench/catalog.ts';
import { benchExtraction, benchIngestion } from './bench/ingest.ts';
import { benchFanOut, seedWatchlistFan } from './bench/notify.ts';
import { benchDigestMail } from './bench/mail.ts';
import { pageWeight, type PageWeight } from './bench/page-weight.ts';
import { loadCatalogIndex, invalidateCatalogIndex } from '../src/lib/server/ingest/catalog-index.ts';
import { currentPrior, recomputeAll, recomputeSeasons } from '../src/lib/server/repositories/estimates.ts';
import { sql } from 'kysely';
import { importCatalog } from '../src/lib/server/catalog-import.ts';
import { demoCatalog } from '../src/lib/server/demo/index.ts';
import { testDatabaseUrl, uniqueName, withDatabase } from '../tests/helpers/env.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const OUT_DIR = 'bench-results';

interface Measure {
	endpoint: string;
	reqPerSec: number;
	p50: number;
	p99: number;
	errors: number;
	non2xx: number;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

async function waitFor(url: string, child: ChildProcess) {
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${url} did not answer in time`);
}

async function stop(child: ChildProcess) {
	if (child.exitCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
	if (child.exitCode === null) child.kill('SIGKILL');
}

function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
	return { rssMiB: Math.round(kb('VmRSS') / 1024), peakRssMiB: Math.round(kb('VmHWM') / 1024) };
}

const slugCount = 10_000;
function randomSlug() {
	return `bench-series-${1 + Math.floor(Math.random() * slugCount)}`;
}

async function cannon(url: string, path: string, label: string, headers: Record<string, string> = {}): Promise<Measure> {
	const options = {
		url,
		headers,
		connections: CONNECTIONS,
		requests: [
			{
				method: 'GET' as const,
				setupRequest: (request: { path: string }) => ({ ...request, path: path === '/series/*' ? `/series/${randomSlug()}` : path })
			}
		]
	};
	// Prime once (the server loads a route's modules on its first request), then warm up.
	await fetch(url + (path === '/series/*' ? `/series/${randomSlug()}` : path), { headers });
	await autocannon({ ...options, duration: WARMUP });
	const result = await autocannon({ ...options, duration: DURATION });
	return {
		endpoint: label,
		reqPerSec: Math.round(result.requests.average),
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors + result.timeouts,
		non2xx: result.non2xx
	};
}

const ENDPOINTS: [string, string][] = [
	['/', 'GET / (SSR page)'],
	['/series/*', 'GET /series/[slug] (SSR page)'],
	['/api/series', 'GET /api/series (API)']
];

/** Runs the repositories once with a query log to capture the exact SQL of each endpoint. */
async function capturePlan(config: { databaseUrl?: string; dataDir?: string }, sampleSlug: string) {
	const captured: { sql: string; parameters: unknown[] }[] = [];
	const db = createDatabase({
		...config,
		log: (event) => {
			if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
		}
	});
	const endpoints: Record<string, { sql: string; parameters: unknown[] }[]> = {};
	const record = async (name: string, run: () => Promise<unknown>) => {
		captured.length = 0;
		await run();
		endpoints[name] = [...captured];
	};
	// The same calls, with the same arguments, as the routes make by default.
	await record('home', () => Promise.all([loadHome(db, { page: 1, perPage: 30 }), loadNetworks(db)]));
	await record('series', () => loadSeriesPage(db, sampleSlug));
	await record('api', () => loadSeriesList(db, { page: 1, perPage: 25 }));
	await db.destroy();
	return { endpoints, sampleSlug };
}

interface DatabaseRun {
	database: 'postgres' | 'pglite';
	catalog: { series: number; seasons: number; events: number; generateSeconds: number; fullRecompute: { seasons: number; estimates: number; seconds: number } };
	app: Measure[];
	floor: Measure[];
	appMemory: { rssMiB: number; peakRssMiB: number };
	news: NewsRun;
	watchlist: Measure;
	weights: PageWeight[];
}

interface NewsRun {
	extraction: ReturnType<typeof benchExtraction>;
	ingestion: Awaited<ReturnType<typeof benchIngestion>>;
	recompute: Awaited<ReturnType<typeof benchRecompute>>;
	fanOut: Awaited<ReturnType<typeof benchFanOut>>;
	digest: Awaited<ReturnType<typeof benchDigestMail>>;
}

/** Recomputing one season's estimate after a claim, each in its own transaction, as intake does. */
async function benchRecompute(db: Database, runs = 300) {
	const ids = (await db.selectFrom('seasons').select('id').where(sql<boolean>`status not in ('released', 'cancelled')`).orderBy(sql`random()`).limit(runs).execute()).map((r) => r.id);
	const prior = await currentPrior(db);
	const times: number[] = [];
	for (const id of ids) {
		const started = performance.now();
		await db.transaction().execute((trx) => recomputeSeasons(trx, [id], { prior }));
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
	return { runs: times.length, p50: at(0.5), p99: at(0.99) };
}

/**
 * News throughput on the large catalog plus the demo one (the test stories are about the demo's
 * series): extraction alone on one core, then ingestion end to end into the database.
 */
async function benchNews(config: { databaseUrl?: string; dataDir?: string }): Promise<NewsRun> {
	const db = createDatabase(config);
	try {
		await importCatalog(db, demoCatalog);
		invalidateCatalogIndex();
		const index = await loadCatalogIndex(db);
		const extraction = benchExtraction(index, Number(process.env.BENCH_EXTRACT_SECONDS ?? 5));
		const ingestion = await benchIngestion(db, Number(process.env.BENCH_INGEST_STORIES ?? 300));
		const recompute = await benchRecompute(db);
		const fanOut = await benchFanOut(db, Number(process.env.BENCH_FOLLOWERS ?? 100_000));
		const digest = await benchDigestMail(db, Number(process.env.BENCH_DIGEST_USERS ?? 10_000));
		return { extraction, ingestion, recompute, fanOut, digest };
	} finally {
		await db.destroy();
	}
}

async function prepare(kind: 'postgres' | 'pglite') {
	let config: { databaseUrl?: string; dataDir?: string };
	let cleanup: () => Promise<void>;
	if (kind === 'postgres') {
		const name = uniqueName('sw_bench');
		const admin = new pg.Client({ connectionString: testDatabaseUrl });
		await admin.connect();
		await admin.query(`create database ${name}`);
		config = { databaseUrl: withDatabase(testDatabaseUrl, name) };
		cleanup = async () => {
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
		};
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'sw-bench-'));
		config = { dataDir: join(dir, 'app') };
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	}
	const db = createDatabase(config);
	const started = performance.now();
	await migrateToLatest(db);
	const counts = await generateBenchCatalog(db);
	const generateSeconds = Math.round((performance.now() - started) / 100) / 10;
	// Every season's estimate, as after an import: the home page orders by them.
	const recomputeStarted = performance.now();
	const recompute = await recomputeAll(db);
	const recomputeSeconds = Math.round((performance.now() - recomputeStarted) / 100) / 10;
	const fan = await seedWatchlistFan(db);
	await sql`vacuum analyze`.execute(db);
	await db.destroy();
	return { config, cleanup, fan, catalog: { ...counts, generateSeconds, fullRecompute: { seasons: recompute.seasons, estimates: recompute.changed, seconds: recomputeSeconds } } };
}

async function runOn(kind: 'postgres' | 'pglite'): Promise<DatabaseRun> {
	console.log(`\n== ${kind}: generating the catalog`);
	const { config, cleanup, catalog, fan } = await prepare(kind);
	console.log(`   ${catalog.series} series, ${catalog.seasons} seasons, ${catalog.events} events in ${catalog.generateSeconds} s`);
	try {
		const plan = await capturePlan(config, 'bench-series-4242');
		const planFile = join(OUT_DIR, `floor-plan-${kind}.json`);
		writeFileSync(planFile, JSON.stringify(plan));
		// PGlite is one process per data directory: the floor reads its own copy.
		let floorConfig = config;
		if (config.dataDir) {
			const copy = config.dataDir.replace(/app$/, 'floor');
			cpSync(config.dataDir, copy, { recursive: true });
			floorConfig = { dataDir: copy };
		}

		console.log(`== ${kind}: the app (build/ via scripts/start.ts) and the floor (node:http + driver, same SQL)`);
		const [appPort, floorPort] = [await freePort(), await freePort()];
		const app = spawn(process.execPath, ['scripts/start.ts'], {
			env: {
				...process.env,
				DATABASE_URL: config.databaseUrl ?? '',
				DATA_DIR: config.dataDir ?? '',
				MIGRATE_ON_START: 'false',
				PORT: String(appPort),
				HOST: '127.0.0.1'
			},
			stdio: ['ignore', 'ignore', 'inherit']
		});
		const floor = spawn(process.execPath, ['scripts/bench/floor-server.ts'], {
			env: {
				...process.env,
				DATABASE_URL: floorConfig.databaseUrl ?? '',
				DATA_DIR: floorConfig.dataDir ?? '',
				FLOOR_PLAN: planFile,
				PORT: String(floorPort)
			},
			stdio: ['ignore', 'ignore', 'inherit']
		});
		const appResults: Measure[] = [];
		const floorResults: Measure[] = [];
		let appMemory;
		let watchlist: Measure | undefined;
		let weights: PageWeight[] = [];
		try {
			await waitFor(`http://127.0.0.1:${appPort}/api/series?perPage=1`, app);
			await waitFor(`http://127.0.0.1:${floorPort}/api/series`, floor);
			// App and floor take turns, ROUNDS times per endpoint, so a busy moment on the
			// machine hits both alike; each keeps its best round.
			for (const [path, label] of ENDPOINTS) {
				let bestApp: Measure | undefined;
				let bestFloor: Measure | undefined;
				for (let round = 0; round < ROUNDS; round++) {
					const a = await cannon(`http://127.0.0.1:${appPort}`, path, label);
					const f = await cannon(`http://127.0.0.1:${floorPort}`, path, label);
					if (!bestApp || a.reqPerSec > bestApp.reqPerSec) bestApp = a;
					if (!bestFloor || f.reqPerSec > bestFloor.reqPerSec) bestFloor = f;
				}
				appResults.push(bestApp!);
				floorResults.push(bestFloor!);
			}
			// A signed-in fan's watchlist of 200 seasons (no floor: it is the app's own page).
			let bestWatchlist: Measure | undefined;
			for (let round = 0; round < ROUNDS; round++) {
				const w = await cannon(`http://127.0.0.1:${appPort}`, '/watchlist', `GET /watchlist (${fan.follows} seasons followed, 50 a page)`, { cookie: fan.cookie });
				if (!bestWatchlist || w.p99 < bestWatchlist.p99) bestWatchlist = w;
			}
			watchlist = bestWatchlist!;
			weights = [
				await pageWeight(`http://127.0.0.1:${appPort}`, '/'),
				await pageWeight(`http://127.0.0.1:${appPort}`, '/series/bench-series-4242')
			];
			appMemory = memoryOf(app.pid!);
		} finally {
			await Promise.all([stop(app), stop(floor)]);
		}
		console.log(`== ${kind}: news extraction and ingestion`);
		const news = await benchNews(config);
		return { database: kind, catalog, app: appResults, floor: floorResults, appMemory: appMemory!, news, watchlist: watchlist!, weights };
	} finally {
		await cleanup();
	}
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function report(run: DatabaseRun) {
	console.log(`\n${run.database}: ${run.catalog.series} series, ${run.catalog.seasons} seasons, ${run.catalog.events} events; app memory ${run.appMemory.rssMiB} MiB RSS (peak ${run.appMemory.peakRssMiB} MiB)`);
	console.log('endpoint                          app req/s   p50   p99   floor req/s   p50   p99   ratio');
	const rows = run.app.map((a, i) => {
		const f = run.floor[i];
		const ratio = f.reqPerSec ? a.reqPerSec / f.reqPerSec : 0;
		console.log(
			`${a.endpoint.padEnd(32)} ${String(a.reqPerSec).padStart(9)} ${String(a.p50).padStart(5)} ${String(a.p99).padStart(5)} ${String(f.reqPerSec).padStart(13)} ${String(f.p50).padStart(5)} ${String(f.p99).padStart(5)} ${ratio.toFixed(2).padStart(7)}` +
				(a.errors || a.non2xx ? `  (${a.errors} errors, ${a.non2xx} non-2xx)` : '')
		);
		return { ...a, floor: f, ratio: Math.round(ratio * 100) / 100 };
	});
	const { extraction, ingestion } = run.news;
	console.log(`extraction: ${extraction.storiesPerSecond} stories/s on one core (${extraction.averageKB} KB each, ${extraction.catalogSeries} series in the catalog)`);
	console.log(`ingestion:  ${ingestion.storiesPerSecond} stories/s end to end (${ingestion.stories} stories, ${ingestion.claims} claims stored)`);
	console.log(`estimates:  full recompute of ${run.catalog.fullRecompute.seasons} seasons in ${run.catalog.fullRecompute.seconds} s; one season after a claim p50 ${run.news.recompute.p50} ms, p99 ${run.news.recompute.p99} ms`);
	console.log(`watchlist:  ${run.watchlist.endpoint}: ${run.watchlist.reqPerSec} req/s, p50 ${run.watchlist.p50} ms, p99 ${run.watchlist.p99} ms`);
	console.log(`fan-out:    one change to ${run.news.fanOut.followers} followers: ${run.news.fanOut.notifications} notifications written in ${run.news.fanOut.seconds} s`);
	console.log(`digests:    ${run.news.digest.mails} daily digests to a local SMTP server in ${run.news.digest.seconds.toFixed(1)} s (${Math.round(run.news.digest.perSecond)} mails/s)`);
	for (const w of run.weights) {
		console.log(`weight:     ${w.path}: JS ${w.js.files} files ${kb(w.js.gzip)} KB gzip (${kb(w.js.bytes)} KB raw), CSS ${kb(w.css.gzip)} KB gzip, HTML ${kb(w.html.gzip)} KB gzip`);
	}
	return rows;
}

function newsTargets(run: DatabaseRun) {
	const checks = [
		{ figure: 'extraction stories/s (1 core)', value: run.news.extraction.storiesPerSecond, target: 200 },
		{ figure: 'ingestion stories/s (PostgreSQL)', value: run.news.ingestion.storiesPerSecond, target: 50 }
	].map((c) => ({ ...c, met: c.value >= c.target }));
	const recompute = { figure: 'recompute after one claim, p99 ms (40k seasons)', value: run.news.recompute.p99, target: 20, met: run.news.recompute.p99 <= 20 };
	for (const c of checks) console.log(`target ${c.met ? 'met ' : 'MISSED'}  ${c.figure}: ${c.value} (≥ ${c.target})`);
	console.log(`target ${recompute.met ? 'met ' : 'MISSED'}  ${recompute.figure}: ${recompute.value} (≤ ${recompute.target})`);
	checks.push(recompute);
	const below = [
		{ figure: 'fan-out to 100,000 followers, seconds', value: run.news.fanOut.seconds, target: 2 },
		{ figure: 'watchlist page (200 seasons), p99 ms', value: run.watchlist.p99, target: 50 },
		{ figure: 'JavaScript for / (KB gzip)', value: Math.round((run.weights[0]?.js.gzip ?? 0) / 102.4) / 10, target: 100 }
	].map((c) => ({ ...c, met: c.value <= c.target }));
	for (const c of below) console.log(`target ${c.met ? 'met ' : 'MISSED'}  ${c.figure}: ${c.value} (≤ ${c.target})`);
	checks.push(...below);
	return checks;
}

function targets(rows: ReturnType<typeof report>) {
	const checks = rows.map((r) => {
		const api = r.endpoint.includes('(API)');
		const need = api ? 0.6 : 0.4;
		return {
			endpoint: r.endpoint,
			ratio: r.ratio,
			ratioTarget: need,
			p99: r.p99,
			p99Target: 50,
			met: r.ratio >= need && r.p99 <= 50 && r.errors === 0 && r.non2xx === 0
		};
	});
	for (const c of checks) console.log(`target ${c.met ? 'met ' : 'MISSED'}  ${c.endpoint}: ratio ${c.ratio} (≥ ${c.ratioTarget}), p99 ${c.p99} ms (≤ 50)`);
	return checks;
}

mkdirSync(OUT_DIR, { recursive: true });
if (!existsSync('build/index.js') || process.env.BENCH_BUILD !== 'false') {
	console.log('building the app');
	const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (build.status !== 0) process.exit(1);
}

const kinds = (process.env.BENCH_DATABASES ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
const results: Record<string, unknown> = {
	date: new Date().toISOString(),
	machine: { cores: (await import('node:os')).cpus().length, node: process.version },
	settings: { connections: CONNECTIONS, warmupSeconds: WARMUP, durationSeconds: DURATION, rounds: ROUNDS },
	runs: [] as unknown[]
};
for (const kind of kinds) {
	const run = await runOn(kind);
	const rows = report(run);
	const checks = kind === 'postgres' ? [...targets(rows), ...newsTargets(run)] : undefined;
	(results.runs as unknown[]).push({ ...run, rows, targets: checks });
}
const out = join(OUT_DIR, 'foundation.json');
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${out}`);

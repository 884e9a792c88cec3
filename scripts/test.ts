// `npm test`: unit and integration tests on PGlite, and on PostgreSQL when it is reachable;
// then the built server on each database, tested over real HTTP and in Debian's chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testDatabaseUrl, uniqueName, withDatabase } from '../tests/helpers/env.ts';
import { createDatabase, migrateToLatest } from '../src/lib/server/db/index.ts';
import { seedDemoCatalog } from '../src/lib/server/demo/index.ts';
import { createApiToken } from '../src/lib/server/repositories/api-tokens.ts';
import { createUser } from '../src/lib/server/auth/users.ts';
import { createSession } from '../src/lib/server/auth/session.ts';
import { CHROMIUM } from '../tests/helpers/browser.ts';

const VITEST = 'node_modules/vitest/vitest.mjs';
const RESULTS = 'test-results';
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems: string[] = [];

function log(message: string) {
	console.log(`\n=== ${message}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	return result.status ?? 1;
}

function vitest(label: string, args: string[], env: NodeJS.ProcessEnv) {
	const out = join(RESULTS, `${label}.json`);
	rmSync(out, { force: true });
	const code = run(process.execPath, [VITEST, 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
	if (existsSync(out)) {
		const report = JSON.parse(readFileSync(out, 'utf8'));
		totals.passed += report.numPassedTests;
		totals.failed += report.numFailedTests;
		totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
		if (report.numTotalTests === 0) problems.push(`${label}: no tests ran`);
	}
	if (code !== 0) problems.push(`${label}: vitest exited ${code}`);
}

async function postgresReachable(): Promise<boolean> {
	const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch (error) {
		console.log(`PostgreSQL at ${testDatabaseUrl} is not reachable (${(error as Error).message}); testing on PGlite only.`);
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

function ensureChromium(): boolean {
	if (existsSync(CHROMIUM)) return true;
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		problems.push(`chromium is missing at ${CHROMIUM}; install it with "apt-get install -y chromium"`);
		return false;
	}
	log(`installing Debian's chromium for the browser tests`);
	run('apt-get', ['update', '-qq']);
	run('apt-get', ['install', '-y', '-qq', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
	if (existsSync(CHROMIUM)) return true;
	problems.push(`chromium could not be installed at ${CHROMIUM}`);
	return false;
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

async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
	const port = await freePort();
	const child = spawn(process.execPath, ['scripts/start.ts'], {
		env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}` },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
		try {
			const response = await fetch(url + '/api/series?perPage=1');
			if (response.ok) return { child, url };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	child.kill();
	throw new Error('the server did not answer within 120 s');
}

async function stopServer(child: ChildProcess) {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
	if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * What the end-to-end tests need before the server starts (PGlite allows one process per data
 * directory): the schema, the demo catalog, and an API token, handed to the tests by env.
 */
async function e2eFixtures(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
	const db = createDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR, poolSize: 1 });
	try {
		await migrateToLatest(db);
		await seedDemoCatalog(db);
		const { token } = await createApiToken(db, 'e2e tests');
		// An editor and a fan, logged in: their session tokens go to the tests as cookies.
		const editor = await createUser(db, { email: 'editor@seasonwatch.test', password: 'editor-password-e2e', role: 'editor' });
		const fan = await createUser(db, { email: 'fan@seasonwatch.test', password: 'fan-password-e2e' });
		return {
			SW_API_TOKEN: token,
			SW_EDITOR_SESSION: (await createSession(db, editor.id)).token,
			SW_FAN_SESSION: (await createSession(db, fan.id)).token
		};
	} finally {
		await db.destroy();
	}
}

async function endToEnd(kind: 'pglite' | 'postgres', browser: boolean) {
	let env: NodeJS.ProcessEnv;
	let cleanup: () => Promise<void>;
	if (kind === 'pglite') {
		const dir = mkdtempSync(join(tmpdir(), 'sw-e2e-'));
		env = { DATA_DIR: dir, DATABASE_URL: '' };
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const name = uniqueName('sw_e2e');
		const admin = new pg.Client({ connectionString: testDatabaseUrl });
		await admin.connect();
		await admin.query(`create database ${name}`);
		env = { DATABASE_URL: withDatabase(testDatabaseUrl, name) };
		cleanup = async () => {
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
		};
	}
	try {
		const fixtures = await e2eFixtures(env);
		const { child, url } = await startServer({ ...env, FETCH_ALLOW_HOSTS: '127.0.0.1', FEED_POLL_SECONDS: '0' });
		try {
			const files = only.length ? only : browser ? [] : ['tests/e2e/http.test.ts', 'tests/e2e/news.test.ts', 'tests/e2e/personal-feeds.test.ts', 'tests/e2e/ownership.test.ts'];
			vitest(`e2e-${kind}`, ['--config', 'vitest.e2e.config.ts', ...files], { SW_BASE_URL: url, TEST_DB: kind, ...fixtures });
		} finally {
			await stopServer(child);
		}
	} catch (error) {
		problems.push(`e2e on ${kind}: ${(error as Error).message}`);
	} finally {
		await cleanup();
	}
}

// While working: `npm test -- tests/e2e/x.test.ts` runs only those end-to-end files (no unit
// tests), and TEST_DATABASES=pglite (or postgres) picks the databases. CI runs everything.
const only = process.argv.slice(2).filter((a) => a.endsWith('.test.ts'));
const wanted = (process.env.TEST_DATABASES || 'pglite,postgres').split(',');
mkdirSync(RESULTS, { recursive: true });
const hasChromium = ensureChromium();
const databases: ('pglite' | 'postgres')[] = wanted.includes('pglite') ? ['pglite'] : [];
if (wanted.includes('postgres')) {
	if (await postgresReachable()) databases.push('postgres');
	else if (process.env.CI) problems.push(`PostgreSQL at ${testDatabaseUrl} is not reachable in CI`);
}

log('building the app');
if (run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']) !== 0) {
	problems.push('the build failed');
} else {
	for (const kind of databases) {
		if (!only.length) {
			log(`unit and integration tests on ${kind}`);
			vitest(kind, [], { TEST_DB: kind });
		}
		log(`end-to-end tests (HTTP${hasChromium ? ' and chromium' : ''}) on ${kind}`);
		await endToEnd(kind, hasChromium);
	}
}

console.log('');
for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(problems.length || totals.failed ? 1 : 0);

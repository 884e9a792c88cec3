import { Kysely, PGliteDialect, PostgresDialect, type LogEvent } from 'kysely';
import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DB } from './types.ts';
import { migrations } from './migrations/index.ts';

export type Database = Kysely<DB>;

export interface DatabaseConfig {
	/** postgres://… for PostgreSQL; unset for the embedded PGlite database. */
	databaseUrl?: string;
	/** Where PGlite keeps its files; 'memory://' for a throwaway database. */
	dataDir?: string;
	/** Pool size for PostgreSQL. */
	poolSize?: number;
	/** Called with every query run (the benchmark captures the app's SQL with it). */
	log?: (event: LogEvent) => void;
}

// OIDs of the PostgreSQL types whose default JavaScript shape differs between drivers.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const INT8_ARRAY = 1016;

/** Both drivers return int8 and numeric as numbers and `date` as 'YYYY-MM-DD' text. */
const parsers: Record<number, (value: string) => unknown> = {
	[INT8]: (value) => Number(value),
	[NUMERIC]: (value) => Number(value),
	[DATE]: (value) => value,
	// bigint[] as numbers too: '{1,2,3}' (ids never hold NULL or quotes).
	[INT8_ARRAY]: (value) => (value === '{}' ? [] : value.slice(1, -1).split(',').map(Number))
};

const pgTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		const parser = parsers[oid];
		if (parser && format !== 'binary') return parser;
		return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
	}
} as unknown as pg.CustomTypesConfig;

export function createDatabase(config: DatabaseConfig = {}): Database {
	if (config.databaseUrl) {
		const pool = new pg.Pool({
			connectionString: config.databaseUrl,
			max: config.poolSize ?? 10,
			types: pgTypes
		});
		// An idle client losing its connection must not crash the process.
		pool.on('error', (error) => console.error(`database: ${error.message}`));
		return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: config.log });
	}
	const dataDir = config.dataDir ?? './data';
	let instance: Promise<PGlite> | undefined;
	const open = () => (instance ??= openEmbedded(dataDir));
	const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: open }), log: config.log });
	embedded.set(db, open);
	return db;
}

/** The file that says which process has an embedded database open. */
export const LOCK_FILE = 'seasonwatch.lock';

export class DatabaseInUseError extends Error {
	override name = 'DatabaseInUseError';
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * One process at a time on an embedded database's files: a second one (`npm run ingest` while
 * `npm start` serves the same DATA_DIR) writes past the first one's memory of them and can leave
 * them unreadable. The lock file holds its owner's pid; a lock whose process is gone is taken over.
 * Returns the release, which closing the database calls (and, failing that, the process's exit).
 */
function lockDataDir(dataDir: string): () => void {
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, LOCK_FILE);
	for (let attempt = 0; ; attempt++) {
		try {
			writeFileSync(file, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
			const owner = Number(readFileSync(file, 'utf8').trim());
			if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
				throw new DatabaseInUseError(`the embedded database in ${dataDir} is in use by process ${owner} (a running npm start?): stop it first, add stories at /news/new or with POST /api/news instead, or use PostgreSQL (DATABASE_URL) for more than one process (if no such process runs, delete ${file})`);
			}
			unlinkSync(file);
		}
	}
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		process.off('exit', release);
		try {
			if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
		} catch {
			// Already gone.
		}
	};
	process.on('exit', release);
	return release;
}

async function openEmbedded(dataDir: string): Promise<PGlite> {
	if (dataDir === 'memory://') return PGlite.create(undefined, { parsers });
	const release = lockDataDir(dataDir);
	try {
		const pglite = await PGlite.create(dataDir, { parsers });
		const close = pglite.close.bind(pglite);
		pglite.close = async () => {
			try {
				await close();
			} finally {
				release();
			}
		};
		return pglite;
	} catch (error) {
		release();
		throw error;
	}
}

const embedded = new WeakMap<Database, () => Promise<PGlite>>();

/**
 * The PGlite instance behind an embedded database (null on PostgreSQL), for the job queue: it
 * shares the one connection, and waits for Kysely's transactions, which hold PGlite's lock.
 */
export async function embeddedInstance(db: Database): Promise<PGlite | null> {
	const open = embedded.get(db);
	if (!open) return null;
	await db.selectNoFrom((eb) => eb.lit(1).as('ready')).execute();
	return open();
}

export function describeDatabase(config: DatabaseConfig): string {
	if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir ?? './data'}`;
	try {
		const url = new URL(config.databaseUrl);
		return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
	} catch {
		return 'PostgreSQL (DATABASE_URL is not a valid URL)';
	}
}

function migrator(db: Database): Migrator {
	return new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
}

function check({ error, results }: MigrationResultSet): void {
	const failed = results?.find((r) => r.status === 'Error');
	if (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(
			failed ? `migration ${failed.migrationName} failed: ${reason}` : `migrations failed: ${reason}`
		);
	}
}

export async function migrateToLatest(db: Database): Promise<string[]> {
	const result = await migrator(db).migrateToLatest();
	check(result);
	return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateDown(db: Database): Promise<string[]> {
	const result = await migrator(db).migrateDown();
	check(result);
	return (result.results ?? []).map((r) => r.migrationName);
}

/** Undoes every migration, newest first (tests of the `down` steps). */
export async function migrateDownAll(db: Database): Promise<string[]> {
	const result = await migrator(db).migrateTo(NO_MIGRATIONS);
	check(result);
	return (result.results ?? []).map((r) => r.migrationName);
}

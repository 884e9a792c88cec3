import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, migrateToLatest, type Database } from '../../src/lib/server/db/index.ts';
import { testDatabaseUrl, testDbKind, uniqueName, withDatabase } from './env.ts';

export interface TestDatabase {
	db: Database;
	kind: 'postgres' | 'pglite';
	/** The PostgreSQL URL of this database (undefined on PGlite). */
	url?: string;
	/** Closes the connections and removes the database. */
	drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function freshDatabase(): Promise<TestDatabase> {
	if (testDbKind === 'pglite') {
		const db = createDatabase({ dataDir: 'memory://' });
		await migrateToLatest(db);
		return { db, kind: 'pglite', drop: () => db.destroy() };
	}
	const template = inject('templateDatabase');
	const name = uniqueName('sw_test');
	const admin = new pg.Client({ connectionString: testDatabaseUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name} template ${template}`);
	} finally {
		await admin.end();
	}
	const url = withDatabase(testDatabaseUrl, name);
	const db = createDatabase({ databaseUrl: url, poolSize: 4 });
	return {
		db,
		kind: 'postgres',
		url,
		async drop() {
			await db.destroy();
			const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
			await cleanup.connect();
			await cleanup.query(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

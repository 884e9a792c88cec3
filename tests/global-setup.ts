import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase, migrateToLatest } from '../src/lib/server/db/index.ts';
import { testDatabaseUrl, testDbKind, uniqueName, withDatabase } from './helpers/env.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		templateDatabase: string;
	}
}

/**
 * On PostgreSQL, migrate one template database for the whole run; each test file then gets
 * `CREATE DATABASE … TEMPLATE` (fast) and drops it. PGlite files get fresh in-memory instances.
 */
export default async function setup(project: TestProject) {
	if (testDbKind !== 'postgres') {
		project.provide('templateDatabase', '');
		return;
	}
	const name = uniqueName('sw_template');
	const admin = new pg.Client({ connectionString: testDatabaseUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const db = createDatabase({ databaseUrl: withDatabase(testDatabaseUrl, name), poolSize: 1 });
	await migrateToLatest(db);
	await db.destroy();
	project.provide('templateDatabase', name);
	return async () => {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	};
}

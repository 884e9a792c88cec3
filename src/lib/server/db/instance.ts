import { DATABASE_POOL_SIZE, DATABASE_URL, DATA_DIR } from '$app/env/private';
import { createDatabase, type Database } from './index.ts';

/**
 * The app's one database handle. It holds connections only, no application state, so
 * any number of app instances can serve behind a load balancer on one PostgreSQL.
 */
export const db: Database = createDatabase({
	databaseUrl: DATABASE_URL,
	dataDir: DATA_DIR,
	poolSize: DATABASE_POOL_SIZE
});

// `npm run migrate [-- down]`: apply every pending migration, or undo the latest one.
import { createDatabase, describeDatabase, migrateDown, migrateToLatest } from '../src/lib/server/db/index.ts';
import { databaseConfigFromEnv, fail, reason } from './lib/config.ts';

const direction = process.argv[2] ?? 'up';
if (direction !== 'up' && direction !== 'down') fail(`usage: npm run migrate [-- up|down], not "${direction}"`, 2);

const config = databaseConfigFromEnv();
const db = createDatabase({ ...config, poolSize: 1 });
try {
	const names = direction === 'up' ? await migrateToLatest(db) : await migrateDown(db);
	console.log(names.length ? `${direction === 'up' ? 'applied' : 'undid'} ${names.join(', ')} on ${describeDatabase(config)}` : `nothing to do on ${describeDatabase(config)}`);
} catch (error) {
	fail(`cannot migrate ${describeDatabase(config)}: ${reason(error)}`);
} finally {
	await db.destroy().catch(() => {});
}

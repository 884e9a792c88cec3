// `npm start`: build if needed, migrate, load the demo catalog into an empty database, serve.
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createDatabase, describeDatabase, migrateToLatest } from '../src/lib/server/db/index.ts';
import { seedDemoCatalog } from '../src/lib/server/demo/index.ts';
import { databaseConfigFromEnv, fail, reason } from './lib/config.ts';

const config = databaseConfigFromEnv();
const where = describeDatabase(config);

if (!existsSync('build/index.js') || process.env.SEASONWATCH_REBUILD === '1') {
	console.log('seasonwatch: building the app (first start)…');
	try {
		execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
			stdio: 'inherit'
		});
	} catch {
		fail('the build failed; see the messages above');
	}
}

if (process.env.MIGRATE_ON_START !== 'false') {
	const db = createDatabase({ ...config, poolSize: 1 });
	try {
		const applied = await migrateToLatest(db);
		if (applied.length) console.log(`seasonwatch: applied migrations ${applied.join(', ')}`);
		if (process.env.SEED_DEMO !== 'false') {
			const seeded = await seedDemoCatalog(db);
			if (seeded) console.log(`seasonwatch: loaded the demo catalog (${seeded.series} series, ${seeded.seasons} seasons, ${seeded.events} production events)`);
		}
	} catch (error) {
		fail(`cannot prepare the database (${where}): ${reason(error)}`);
	} finally {
		await db.destroy().catch(() => {});
	}
}

process.env.PORT ??= '3000';
// Stories are up to 1 MB of text; the API refuses more with its own message.
process.env.BODY_SIZE_LIMIT ??= '2M';
console.log(`seasonwatch: serving on http://${process.env.HOST ?? '0.0.0.0'}:${process.env.PORT} with ${where} (built ${statSync('build/index.js').mtime.toISOString()})`);
await import(new URL('../build/index.js', import.meta.url).href);

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, LOCK_FILE, migrateToLatest } from '../../src/lib/server/db/index.ts';

// The embedded database is one process's: a second one on the same files (npm run ingest while
// npm start serves) is refused with a line that says what to do, and nothing stored is touched.
// The same whichever database the other integration tests run on: this is the embedded one's.
const dir = mkdtempSync(join(tmpdir(), 'sw-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const story = join(dir, 'story.txt');
writeFileSync(story, 'Title: Severance season 3 in 2027\nPublished: 2026-11-20\n\nApple TV+ says Severance season 3 will arrive sometime in 2027.\n');
const ingest = () => spawnSync(process.execPath, ['scripts/ingest.ts', story], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'data') } });

describe('the embedded database’s files, one process at a time', () => {
	it('refuses a second process while the first has them open, and lets it in once they are closed', async () => {
		const db = createDatabase({ dataDir: join(dir, 'data') });
		await migrateToLatest(db);
		const stories = async () => Number((await db.selectFrom('news_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
		expect(await stories()).toBe(0);
		expect(existsSync(join(dir, 'data', LOCK_FILE))).toBe(true);

		const refused = ingest();
		expect(refused.status).toBe(1);
		expect(refused.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
		expect(refused.stderr).not.toMatch(/\n\s+at /);
		expect(await stories()).toBe(0);

		await db.destroy();
		expect(existsSync(join(dir, 'data', LOCK_FILE))).toBe(false);
		const admitted = ingest();
		expect(admitted.stderr).not.toMatch(/in use/);
		expect(admitted.status).toBe(0);
		expect(admitted.stdout).toMatch(/1 stored/);
	});

	it('takes over a lock its process left behind when it died', () => {
		// A pid no process has: the lock is stale.
		writeFileSync(join(dir, 'data', LOCK_FILE), '2147483646');
		const result = ingest();
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/already known/);
		expect(existsSync(join(dir, 'data', LOCK_FILE))).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.SW_BASE_URL!;

async function getJson(path: string) {
	const response = await fetch(base + path, { headers: { accept: 'application/json' } });
	return { status: response.status, body: await response.json() };
}

describe('JSON API over real HTTP', () => {
	it('lists series with pagination metadata', async () => {
		const { status, body } = await getJson('/api/series?perPage=7&page=2');
		expect(status).toBe(200);
		// The demo catalog's 30, and any an editor's browser test has added since.
		expect(body).toMatchObject({ page: 2, perPage: 7 });
		expect(body.total).toBeGreaterThanOrEqual(30);
		expect(body.pages).toBe(Math.ceil(body.total / 7));
		expect(body.items).toHaveLength(7);
		expect(body.items[0]).toEqual(expect.objectContaining({ slug: expect.any(String), title: expect.any(String), seasonCount: expect.any(Number) }));
	});

	it('searches by title and alias', async () => {
		expect((await getJson('/api/series?q=luke')).body.items.map((s: { slug: string }) => s.slug)).toEqual(['luke-cage']);
		expect((await getJson('/api/series?q=GoT')).body.items.map((s: { slug: string }) => s.slug)).toEqual(['game-of-thrones']);
	});

	it('returns one series with its seasons and production events', async () => {
		const { status, body } = await getJson('/api/series/luke-cage');
		expect(status).toBe(200);
		// The journeys' editor may have announced a season 3 by now: the catalog's two come first.
		expect(body).toMatchObject({ title: 'Luke Cage', network: 'Netflix', page: 1, pages: 1 });
		expect(body.seasonCount).toBeGreaterThanOrEqual(2);
		expect(body.seasons.map((s: { number: number }) => s.number).slice(0, 2)).toEqual([1, 2]);
		expect(body.seasons[1].events[0]).toMatchObject({ kind: 'renewed', occurredOn: '2016-12-01', precision: 'month' });
	});

	it('answers malformed query parameters with 400 and the reason', async () => {
		for (const query of ['page=0', 'page=abc', 'perPage=1000', 'perPage=-1', `q=${'x'.repeat(201)}`]) {
			const { status, body } = await getJson(`/api/series?${query}`);
			expect(status, query).toBe(400);
			expect(body.message, query).toMatch(/page|perPage|q must/);
			expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
		}
		const page = await fetch(base + '/series?page=nope');
		expect(page.status).toBe(400);
		expect(await page.text()).toContain('page must be a whole number');
	});

	it('answers an unknown slug with 404', async () => {
		const { status, body } = await getJson('/api/series/nope');
		expect(status).toBe(404);
		expect(body.message).toContain('nope');
		const page = await fetch(base + '/series/nope');
		expect(page.status).toBe(404);
	});

	it('escapes what a visitor types into a search', async () => {
		const response = await fetch(base + '/series?q=' + encodeURIComponent('<script>alert(1)</script>'));
		const html = await response.text();
		expect(response.status).toBe(200);
		expect(html).not.toContain('<script>alert(1)</script>');
		expect(html).toContain('&lt;script>alert(1)&lt;/script>');
	});
});

describe('npm start with a database it cannot reach', () => {
	it('prints one clear line and exits non-zero', () => {
		const result = spawnSync(process.execPath, ['scripts/start.ts'], {
			env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', PORT: '1' },
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(result.status).toBe(1);
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^seasonwatch: cannot prepare the database \(PostgreSQL at 127\.0\.0\.1:1\/nowhere\): .*ECONNREFUSED/);
	});
});

describe('npm start and SIGTERM', () => {
	it('stops within seconds: the HTTP server, the feed poller, the job workers and the database all close', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'sw-stop-'));
		try {
			const child = spawn(process.execPath, ['scripts/start.ts'], {
				env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', FEED_POLL_SECONDS: '60' },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toMatch(/Listening on/);
			child.kill('SIGTERM');
			const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000))]);
			if (code === 'still running') child.kill('SIGKILL');
			expect(code, output).toBe(0);
			// The embedded database's lock went with it: the next process may open it.
			expect(existsSync(join(dir, 'seasonwatch.lock'))).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

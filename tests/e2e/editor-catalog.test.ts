import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';

const base = process.env.SW_BASE_URL!;
let browser: Browser;
// The same server serves other test files and earlier runs: everything here is unique to this run.
const stamp = Date.now();
const TITLE = 'Seasonwatch Test Show';
const ALIAS = `SWTS ${stamp}`;
let slug = '';

async function as(session: string | undefined, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
	if (session) await context.addCookies([{ name: 'session', value: session, url: base }]);
	return context;
}

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('an editor managing the catalog in a real browser', () => {
	it('adds a series with an alias and its first season, and fans see them', async () => {
		const context = await as(process.env.SW_EDITOR_SESSION);
		const page = await context.newPage();
		await page.goto(`${base}/editor`);
		await page.getByRole('link', { name: 'Catalog' }).click();
		await page.waitForURL(/\/editor\/catalog$/);

		await page.getByLabel('Title', { exact: true }).fill(TITLE);
		await page.getByLabel('Network').fill(`Test Network ${stamp}`);
		await page.getByLabel('Aliases, one a line').fill(ALIAS);
		await page.getByRole('button', { name: 'Add series' }).click();
		await page.waitForURL(/\/editor\/catalog\/[a-z0-9-]+\?done=series-added/);
		slug = new URL(page.url()).pathname.split('/').at(-1)!;
		expect(slug).toMatch(/^seasonwatch-test-show(-\d+)?$/);
		await expect.poll(() => page.locator('p.ok[role=status]').textContent()).toContain('Series added');

		await expect.poll(() => page.getByLabel('Season number').inputValue()).toBe('1');
		await page.getByLabel('Episodes').fill('8');
		await page.getByLabel('Season status').selectOption('renewed');
		await page.getByRole('button', { name: 'Add season' }).click();
		await page.waitForURL(/done=season-added/);
		await expect.poll(() => page.locator('#season-1').textContent()).toContain('renewed');
		await page.screenshot({ path: screenshotPath('editor-catalog-series'), fullPage: true });

		await page.goto(`${base}/series/${slug}`);
		expect(await page.locator('h1').textContent()).toBe(TITLE);
		expect(await page.locator('main').textContent()).toContain(ALIAS);
		expect(await page.locator('#season-1').count()).toBe(1);

		// The latest changes name the editor.
		await page.goto(`${base}/editor/catalog`);
		const row = page.locator('tr').filter({ hasText: `(${slug})` }).first();
		expect(await row.textContent()).toContain(`added series “${TITLE}”`);
		const violations = await seriousViolations(page);
		expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
		await context.close();
	});

	it('keeps what was typed when a form is refused', async () => {
		const context = await as(process.env.SW_EDITOR_SESSION);
		const page = await context.newPage();
		await page.goto(`${base}/editor/catalog/${slug}`);
		// Typed only once the page has hydrated, so the enhanced form is the one submitted.
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Season number').fill('1');
		await page.getByLabel('Episodes').fill('12');
		await page.getByLabel('Release date').fill('2027-04-09');
		await page.getByRole('button', { name: 'Add season' }).click();
		await expect.poll(() => page.locator('p.error[role=alert]').textContent()).toContain('already has a season 1');
		expect(await page.getByLabel('Season number').inputValue()).toBe('1');
		expect(await page.getByLabel('Episodes').inputValue()).toBe('12');
		expect(await page.getByLabel('Release date').inputValue()).toBe('2027-04-09');
		const violations = await seriousViolations(page);
		expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
		await context.close();

		// Without JavaScript too: the page comes back with the message and the typed values.
		const plain = await as(process.env.SW_EDITOR_SESSION, { javaScriptEnabled: false });
		const noJs = await plain.newPage();
		await noJs.goto(`${base}/editor/catalog`);
		await noJs.getByLabel('Merge (slug)').fill(`no-such-show-${stamp}`);
		await noJs.getByLabel('Into (slug)').fill(slug);
		await noJs.getByLabel('Delete the first series once merged').check();
		await noJs.getByRole('button', { name: 'Merge series' }).click();
		await noJs.waitForLoadState('load');
		expect(await noJs.locator('p.error[role=alert]').textContent()).toContain(`no series “no-such-show-${stamp}”`);
		expect(await noJs.getByLabel('Merge (slug)').inputValue()).toBe(`no-such-show-${stamp}`);
		expect(await noJs.getByLabel('Into (slug)').inputValue()).toBe(slug);
		await noJs.screenshot({ path: screenshotPath('editor-catalog-error'), fullPage: true });
		await plain.close();
	});

	it('merges two series from the browser, and links to the merged one lead to the series it became', async () => {
		const context = await as(process.env.SW_EDITOR_SESSION);
		const page = await context.newPage();
		const added: string[] = [];
		for (const title of [`Duplicate Entry ${stamp}`, `Proper Entry ${stamp}`]) {
			await page.goto(`${base}/editor/catalog`);
			await page.waitForLoadState('networkidle');
			await page.getByLabel('Title', { exact: true }).fill(title);
			await page.getByRole('button', { name: 'Add series' }).click();
			await page.waitForURL(/\?done=series-added/);
			added.push(new URL(page.url()).pathname.split('/').at(-1)!);
		}
		const [duplicate, proper] = added;
		await page.goto(`${base}/editor/catalog`);
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Merge (slug)').fill(duplicate);
		await page.getByLabel('Into (slug)').fill(proper);
		await page.getByLabel('Delete the first series once merged').check();
		await page.getByRole('button', { name: 'Merge series' }).click();
		await page.waitForURL(new RegExp(`/editor/catalog/${proper}\\?done=series-merged`));

		// A link shared before the merge: a permanent redirect, for the page and for the API.
		const old = await context.request.get(`${base}/series/${duplicate}`, { maxRedirects: 0 });
		expect(old.status()).toBe(301);
		expect(old.headers()['location']).toBe(`/series/${proper}`);
		const api = await context.request.get(`${base}/api/series/${duplicate}?page=1`, { maxRedirects: 0 });
		expect(api.status()).toBe(301);
		expect(api.headers()['location']).toBe(`/api/series/${proper}?page=1`);
		await page.goto(`${base}/series/${duplicate}`);
		expect(new URL(page.url()).pathname).toBe(`/series/${proper}`);
		expect(await page.locator('h1').textContent()).toBe(`Proper Entry ${stamp}`);
		expect(await page.locator('main').textContent()).toContain(`Duplicate Entry ${stamp}`); // now an alias
		// A slug nobody ever had is still a 404.
		expect((await context.request.get(`${base}/series/never-was-${stamp}`, { maxRedirects: 0 })).status()).toBe(404);
		await context.close();
	});

	it('keeps a fan out of the catalog pages', async () => {
		const context = await as(process.env.SW_FAN_SESSION);
		const page = await context.newPage();
		expect((await page.goto(`${base}/editor/catalog`))?.status()).toBe(403);
		expect((await page.goto(`${base}/editor/catalog/${slug || 'severance'}`))?.status()).toBe(403);
		const post = await context.request.post(`${base}/editor/catalog?/addSeries`, {
			form: { title: `Fan Show ${stamp}`, status: 'returning' },
			headers: { origin: base }
		});
		expect(post.status()).toBe(403);
		await context.close();
	});
});

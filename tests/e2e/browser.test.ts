import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshotPath } from '../helpers/browser.ts';

const base = process.env.SW_BASE_URL!;
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('a visitor in a real browser', () => {
	it('opens the upcoming list, searches for Luke Cage, opens it and sees its seasons', async () => {
		const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
		await page.goto(base + '/');
		await expect.poll(() => page.locator('h1').textContent()).toBe('Upcoming seasons');
		expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
		await page.screenshot({ path: screenshotPath('home'), fullPage: true });

		await page.getByRole('searchbox', { name: 'Search series' }).fill('Luke Cage');
		await page.getByRole('searchbox', { name: 'Search series' }).press('Enter');
		await page.waitForURL(/\/series\?q=Luke/);
		const result = page.getByRole('link', { name: 'Luke Cage', exact: true });
		await result.click();
		await page.waitForURL(/\/series\/luke-cage$/);

		expect(await page.locator('h1').textContent()).toBe('Luke Cage');
		const seasons = await page.getByRole('heading', { level: 2 }).allTextContents();
		// The journeys' editor may have announced a season 3 by now: the catalog's two come first.
		expect(seasons.slice(0, 2)).toEqual(['Season 1', 'Season 2']);
		const season2 = page.locator('#season-2');
		expect(await season2.textContent()).toContain('June 22, 2018');
		expect(await season2.getByRole('list', { name: /Production timeline/ }).locator('li').count()).toBe(3);
		await page.screenshot({ path: screenshotPath('luke-cage'), fullPage: true });
		await page.close();
	});

	it('shows a 404 page that says what to do for an unknown show', async () => {
		const page = await browser.newPage();
		const response = await page.goto(base + '/series/not-a-real-show');
		expect(response?.status()).toBe(404);
		expect(await page.locator('h1').textContent()).toBe('We could not find that page');
		expect(await page.getByRole('link', { name: 'searching all series' }).count()).toBe(1);
		await page.close();
	});

	it('fits a 360 px wide phone screen without sideways scrolling', async () => {
		const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
		await page.goto(base + '/series/game-of-thrones');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: screenshotPath('phone-series'), fullPage: true });
		await page.close();
	});
});

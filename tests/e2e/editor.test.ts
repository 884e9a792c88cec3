import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshotPath } from '../helpers/browser.ts';

const base = process.env.SW_BASE_URL!;
let browser: Browser;

async function as(session: string | undefined): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
	if (session) await context.addCookies([{ name: 'session', value: session, url: base }]);
	return context;
}

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const STORY = `Apple TV+ has set the date: Severance season 3 will premiere on March 12, 2027, the streamer announced on Thursday.

The third season of the workplace thriller wrapped production in the summer, and Apple TV+ confirmed all ten episodes will roll out weekly.

RELATED: The Bear Season 5 Adds a New Face

More in TV`;

describe('an editor in a real browser', () => {
	it('pastes a story, sees its claims highlighted, and the season’s estimate follows', async () => {
		const context = await as(process.env.SW_EDITOR_SESSION);
		const page = await context.newPage();
		await page.goto(`${base}/news/new`);
		await page.getByLabel('Title').fill('Severance Season 3 Gets a March Premiere Date');
		await page.getByLabel('Outlet').fill('Seasonwatch Test Wire');
		await page.getByLabel('Published on').fill('2026-11-20');
		await page.getByLabel('Text').fill(STORY);
		await page.getByRole('button', { name: 'Add story' }).click();
		await page.waitForURL(/\/news\/\d+/);
		const marks = await page.locator('mark').allTextContents();
		expect(marks.join(' ')).toContain('will premiere on March 12, 2027');
		expect(marks.join(' ')).not.toContain('The Bear');
		await page.screenshot({ path: screenshotPath('editor-story'), fullPage: true });

		await page.goto(`${base}/series/severance`);
		const season = page.locator('#season-3');
		await expect.poll(() => season.textContent()).toContain('Expected March 12, 2027');
		// The catalog says renewed; the story dated it.
		expect(await season.textContent()).toContain('Release dated (from the news below)');
		await season.getByText(/Why we think so/).click();
		expect(await season.textContent()).toContain('Release date March 12, 2027');
		await page.screenshot({ path: screenshotPath('severance-estimate'), fullPage: true });
		await context.close();
	});

	it('rejects a claim in the review queue and the estimate no longer rests on it', async () => {
		const context = await as(process.env.SW_EDITOR_SESSION);
		const page = await context.newPage();
		await page.goto(`${base}/editor/review`);
		const claim = page.locator('#queue > li').filter({ hasText: 'will premiere on March 12, 2027' }).filter({ hasText: 'Severance season 3' }).first();
		await claim.getByRole('button', { name: 'Reject' }).click();
		await page.waitForLoadState('networkidle');
		expect(await page.locator('#queue > li').filter({ hasText: 'will premiere on March 12, 2027' }).filter({ hasText: /March 12, 2027/ }).filter({ hasText: 'Severance season 3' }).count()).toBeLessThan(2);
		await page.goto(`${base}/series/severance`);
		await expect.poll(() => page.locator('#season-3').textContent()).not.toContain('Expected March 12, 2027');
		await context.close();
	});

	it('keeps a fan out of the editors’ desk', async () => {
		const context = await as(process.env.SW_FAN_SESSION);
		const page = await context.newPage();
		const response = await page.goto(`${base}/editor/review`);
		expect(response?.status()).toBe(403);
		await context.close();
	});
});

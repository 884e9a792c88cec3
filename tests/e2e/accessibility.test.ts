import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';

const base = process.env.SW_BASE_URL!;
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const PAGES = ['/', '/series', '/series?q=luke', '/series/luke-cage', '/news', '/calendar', '/calendar?month=2018-06', '/login', '/signup', '/series/not-a-real-show'];

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
	for (const path of PAGES) {
		it(`${path} has no serious or critical violations`, async () => {
			const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
			await page.goto(base + path);
			const violations = await seriousViolations(page);
			expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
			await page.close();
		});
	}

	// A signed-in fan's pages, and an editor's (the sessions come from scripts/test.ts).
	const SIGNED_IN: [string, string | undefined][] = [
		['/watchlist', process.env.SW_FAN_SESSION],
		['/inbox', process.env.SW_FAN_SESSION],
		['/settings/notifications', process.env.SW_FAN_SESSION],
		['/settings/feeds', process.env.SW_FAN_SESSION],
		['/account', process.env.SW_FAN_SESSION],
		['/series/severance', process.env.SW_FAN_SESSION],
		['/editor', process.env.SW_EDITOR_SESSION],
		['/editor/review', process.env.SW_EDITOR_SESSION],
		['/news/new', process.env.SW_EDITOR_SESSION]
	];
	for (const [path, session] of SIGNED_IN) {
		it(`${path} (signed in) has no serious or critical violations`, async () => {
			const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
			await context.addCookies([{ name: 'session', value: session!, url: base }]);
			const page = await context.newPage();
			await page.goto(base + path);
			expect(new URL(page.url()).pathname).toBe(path);
			const violations = await seriousViolations(page);
			expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
			await context.close();
		});
	}

	it('can be used with the keyboard alone: skip link, then search', async () => {
		const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
		await page.goto(base + '/');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
		await page.keyboard.press('Enter');
		// Following the link is a same-document navigation: wait for it rather than read the URL at once.
		await page.waitForURL(/#main$/, { timeout: 5000 });
		await page.getByRole('searchbox', { name: 'Search series' }).focus();
		await page.keyboard.type('Severance');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/series\?q=Severance/);
		expect(await page.getByRole('link', { name: 'Severance', exact: true }).count()).toBe(1);
		await page.screenshot({ path: screenshotPath('keyboard-search'), fullPage: true });
		await page.close();
	});
});

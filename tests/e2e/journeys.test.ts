import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotPath } from '../helpers/browser.ts';

// The product's main journeys, as a visitor, a fan and an editor would take them, in chromium.
const base = process.env.SW_BASE_URL!;
const run = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function context(options: { session?: string; phone?: boolean } = {}): Promise<BrowserContext> {
	const ctx = await browser.newContext(options.phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : { viewport: { width: 1100, height: 900 } });
	if (options.session) await ctx.addCookies([{ name: 'session', value: options.session, url: base }]);
	return ctx;
}

/** An editor adds a story through the paste form, as at a desk. */
async function addStory(page: Page, story: { title: string; publishedAt: string; text: string }) {
	await page.goto(`${base}/news/new`);
	await page.waitForLoadState('networkidle'); // typed before hydration, a field can be reset
	await page.getByLabel('Title').fill(story.title);
	await page.getByLabel('Outlet').fill('Seasonwatch Journey Wire');
	await page.getByLabel('Published on').fill(story.publishedAt);
	await page.getByLabel('Text').fill(story.text);
	await page.getByRole('button', { name: 'Add story' }).click();
	try {
		await page.waitForURL(/\/news\/\d+/, { timeout: 15_000 });
	} catch (error) {
		throw new Error(`the story was not added: ${await page.locator('main').textContent()}`, { cause: error });
	}
}

describe('journeys in a real browser', () => {
	it('a new visitor on a phone finds a show and reads its estimate', async () => {
		const ctx = await context({ phone: true });
		const page = await ctx.newPage();
		await page.goto(base + '/');
		await page.getByRole('searchbox', { name: 'Search series' }).fill('last of us');
		await page.getByRole('button', { name: 'Search' }).click();
		await page.waitForURL(/\/series\?q=/);
		await page.getByRole('link', { name: 'The Last of Us' }).first().click();
		await page.waitForURL(/\/series\/the-last-of-us/);
		const season = page.locator('#season-3');
		expect(await season.textContent()).toMatch(/Most likely \w+ \d{4} — between/);
		// The catalog has no season 2 of it: the page says so rather than skipping from 1 to 3.
		expect(await page.locator('#season-2').textContent()).toContain('Season 2: not in the catalog yet.');
		// Nothing wider than the phone's screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await page.screenshot({ path: screenshotPath('journey-visitor-phone'), fullPage: true });
		await ctx.close();
	});

	it('a fan signs up and follows Luke Cage; an editor’s stories move its estimate; the fan sees it in the inbox and the calendar', async () => {
		const fanContext = await context();
		const fan = await fanContext.newPage();
		const email = `journey-${run}@example.com`;
		await fan.goto(base + '/signup');
		await fan.waitForLoadState('networkidle');
		await fan.getByLabel('E-mail').fill(email);
		await fan.getByLabel('Password').fill('a journey password');
		await fan.getByRole('button', { name: 'Create account' }).click();
		await fan.waitForURL((url) => !url.pathname.startsWith('/signup'), { timeout: 15_000 }).catch(async (error) => {
			throw new Error(`sign-up did not go through: ${await fan.locator('main').textContent()}`, { cause: error });
		});
		expect(await fan.locator('header').textContent()).toContain(email);

		// Follow the whole series: every season, including ones nobody has announced yet.
		await fan.goto(base + '/series/luke-cage');
		await fan.waitForLoadState('networkidle');
		await fan.getByRole('button', { name: 'Follow Luke Cage' }).click();
		await expect.poll(() => fan.locator('.follow').textContent()).toContain('You follow every season of Luke Cage');
		// Hear of changes at once rather than after the default quiet hour.
		await fan.goto(base + '/settings/notifications');
		await fan.waitForLoadState('networkidle');
		await fan.getByLabel('Quiet period, in minutes').fill('0');
		await fan.getByRole('button', { name: 'Save' }).click();
		await expect.poll(() => fan.getByRole('status').textContent()).toContain('Saved');
		await fan.goto(base + '/inbox');
		expect(await fan.locator('main').textContent()).toContain('Nothing yet');

		const editorContext = await context({ session: process.env.SW_EDITOR_SESSION });
		const editor = await editorContext.newPage();
		await addStory(editor, {
			title: `Luke Cage Is Coming Back for a Third Season (${run})`,
			publishedAt: '2026-11-20',
			text: `Luke Cage season 3 is officially happening, with Mike Colter returning as the hero of Harlem.\n\nThe third season is expected to premiere in late 2027, according to people familiar with the plans.\n\nRELATED: Daredevil Season 4 Casting News (${run})`
		});
		await addStory(editor, {
			title: `Luke Cage Season 3 Gets a Premiere Date (${run})`,
			publishedAt: '2026-11-22',
			text: `Luke Cage season 3 will premiere on October 8, 2027, Disney+ announced on Thursday.`
		});
		await editor.goto(base + '/series/luke-cage');
		expect(await editor.locator('#season-3').textContent()).toContain('October 8, 2027');
		await editorContext.close();

		// The fan's inbox: the announcement and the date, each with its story; the unread count in the header.
		await expect
			.poll(async () => {
				await fan.goto(base + '/inbox');
				return fan.locator('main').textContent();
			}, { timeout: 30_000, interval: 1000 })
			.toContain('Luke Cage season 3: release dated October 8, 2027');
		const inbox = await fan.locator('main').textContent();
		expect(inbox).toContain('Luke Cage season 3: announced');
		expect(await fan.getByRole('link', { name: /Inbox/ }).textContent()).toMatch(/Inbox\s*2/);
		await fan.screenshot({ path: screenshotPath('journey-fan-inbox'), fullPage: true });
		await fan.getByRole('link', { name: 'read the story' }).first().click();
		await fan.waitForURL(/\/news\/\d+/);
		expect(await fan.locator('h1').textContent()).toContain('Luke Cage Season 3 Gets a Premiere Date');

		// The watchlist and the calendar say the same.
		await fan.goto(base + '/watchlist');
		const entry = fan.locator('li').filter({ hasText: 'Luke Cage season 3' });
		expect(await entry.textContent()).toContain('Expected October 8, 2027');
		expect(await entry.textContent()).toContain('Latest change: dated');
		await fan.goto(base + '/calendar?month=2027-10&mine=1');
		expect(await fan.locator('main').textContent()).toContain('your watchlist');
		expect(await fan.locator('main').textContent()).toContain('Luke Cage season 3');
		await fan.screenshot({ path: screenshotPath('journey-fan-calendar'), fullPage: true });

		// Reading clears the count.
		await fan.goto(base + '/inbox');
		await fan.getByRole('button', { name: 'Mark all read' }).click();
		await expect.poll(() => fan.getByRole('link', { name: /Inbox/ }).textContent()).toMatch(/^\s*Inbox\s*$/);
		await fanContext.close();
	}, 120_000);

	it('works without JavaScript: a fan follows a season, sees it on the watchlist, unfollows it', async () => {
		const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
		await ctx.addCookies([{ name: 'session', value: process.env.SW_FAN_SESSION!, url: base }]);
		const page = await ctx.newPage();
		await page.goto(base + '/series/wednesday');
		await page.locator('#season-3').getByRole('button', { name: 'Follow season 3' }).click();
		await page.waitForURL(/\/series\/wednesday#season-3$/);
		expect(await page.locator('#season-3').getByRole('button', { name: 'Unfollow season 3' }).count()).toBe(1);
		await page.goto(base + '/watchlist');
		const entry = page.locator('li').filter({ hasText: 'Wednesday season 3' });
		expect(await entry.textContent()).toMatch(/Expected|Releases/);
		await entry.getByRole('button', { name: 'Unfollow season 3' }).click();
		await page.waitForURL(/\/watchlist$/);
		expect(await page.locator('main').textContent()).not.toContain('Wednesday season 3');
		// A form error without JavaScript: the page says what is wrong and keeps what was typed.
		await page.goto(base + '/settings/notifications');
		await page.getByLabel('Quiet period, in minutes').fill('later');
		await page.getByRole('button', { name: 'Save' }).click();
		expect(await page.getByRole('alert').textContent()).toContain('The quiet period must be a whole number of minutes');
		expect(await page.getByLabel('Quiet period, in minutes').inputValue()).toBe('later');
		await page.screenshot({ path: screenshotPath('journey-no-javascript'), fullPage: true });
		await ctx.close();
	});

	it('keeps what is typed while the page is still loading its scripts', async () => {
		// On a slow connection the form is usable before the scripts arrive; hydrating it must not
		// put the server's values back over what the user typed.
		const ctx = await context({ session: process.env.SW_FAN_SESSION });
		let release!: () => void;
		const scripts = new Promise<void>((resolve) => (release = resolve));
		await ctx.route('**/_app/immutable/**/*.js', async (route) => {
			await scripts;
			await route.continue();
		});
		const page = await ctx.newPage();
		// Module scripts hold DOMContentLoaded back: the page is there once its HTML is.
		await page.goto(base + '/settings/notifications', { waitUntil: 'commit' });
		const quiet = page.getByLabel('Quiet period, in minutes');
		await quiet.waitFor();
		const before = await quiet.inputValue();
		const typed = before === '45' ? '50' : '45';
		await quiet.fill(typed);
		const firstKind = page.getByLabel('Filming wrapped');
		const wasChecked = await firstKind.isChecked();
		await firstKind.setChecked(!wasChecked, { timeout: 5000 });
		release();
		await page.waitForLoadState('networkidle');
		await page.waitForFunction(() => document.readyState === 'complete');
		await page.waitForTimeout(300);
		expect(await quiet.inputValue()).toBe(typed);
		expect(await firstKind.isChecked()).toBe(!wasChecked);
		await ctx.close();
	});

	it('keeps the watchlist, inbox and settings to their owner', async () => {
		const anonymous = await context();
		const page = await anonymous.newPage();
		for (const path of ['/watchlist', '/inbox', '/settings/notifications', '/calendar?mine=1']) {
			await page.goto(base + path);
			expect(new URL(page.url()).pathname, path).toBe('/login');
		}
		await anonymous.close();
	});
});

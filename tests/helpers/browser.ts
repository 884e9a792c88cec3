import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const RESULTS_DIR = 'test-results';

/** Debian's chromium (playwright gives it a new empty profile), launched the way this machine allows (no downloads, no background traffic). */
export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`browser tests need chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (npm test does this when run as root)`);
	}
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

export function screenshotPath(name: string): string {
	const dir = join(RESULTS_DIR, 'screenshots', process.env.TEST_DB ?? 'pglite');
	mkdirSync(dir, { recursive: true });
	return join(dir, `${name}.png`);
}

import { defineConfig } from 'vitest/config';

// End-to-end tests: real HTTP and a real browser against the built server that
// scripts/test.ts starts (SW_BASE_URL). No SvelteKit plugin here: nothing is compiled.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		expect: { requireAssertions: true },
		testTimeout: 60_000,
		hookTimeout: 60_000,
		fileParallelism: false
	}
});

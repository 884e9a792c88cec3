import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vite';

export default defineConfig({
	// Cross-site posts are refused in hooks.server.ts by host, for every content type; Kit's own check
	// compares schemes too, and adapter-node takes every request for https, which would refuse
	// forms posted to a plain-HTTP `npm start`.
	plugins: [sveltekit({ adapter: adapter(), csrf: { trustedOrigins: ['*'] } })],
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		exclude: ['tests/e2e/**', 'node_modules/**'],
		expect: { requireAssertions: true },
		globalSetup: ['tests/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
